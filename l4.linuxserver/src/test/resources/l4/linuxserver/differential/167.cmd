stat -f -c '%T %s %S %l' / /tmp; stat -f /nonexistent; echo $?
