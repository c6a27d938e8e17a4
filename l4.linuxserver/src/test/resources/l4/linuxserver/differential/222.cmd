printf '%s\n' b a c | sort -o /tmp/s; cat /tmp/s; sort -c /tmp/s; echo $?; printf 'b\na\n' | sort -c; echo $?
