kill -0 $$; echo $?; kill -0 99999; echo $?
