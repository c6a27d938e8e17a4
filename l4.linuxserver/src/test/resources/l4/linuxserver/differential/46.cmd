trap 'echo trapped' USR1; kill -USR1 $$; echo after
