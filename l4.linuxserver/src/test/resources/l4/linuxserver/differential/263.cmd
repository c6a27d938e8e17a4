sh -c 'kill -STOP $$; echo after' & sleep 0.1; kill -CONT $!; wait $!; echo $?
