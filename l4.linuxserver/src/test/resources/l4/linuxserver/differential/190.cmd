sh -c 'exit 256'; echo $?; sh -c 'exit -1'; echo $?
