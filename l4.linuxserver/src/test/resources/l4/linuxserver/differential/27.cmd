cat /nonexistent; echo $?
