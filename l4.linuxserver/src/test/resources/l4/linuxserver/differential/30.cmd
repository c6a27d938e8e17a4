sh -c 'exit 7'; echo $?
