timeout -s INT 1 sh -c 'trap "echo caught; exit 7" INT; while :; do sleep 0.1; done'; echo $?
