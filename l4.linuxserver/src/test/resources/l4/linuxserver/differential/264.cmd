sh -c 'trap "echo int" INT; kill -INT $$; echo after'; sh -c 'trap "" TERM; kill -TERM $$; echo survived'; sh -c 'trap "echo hup" HUP; kill -HUP $$; echo x'
