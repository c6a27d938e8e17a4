cd /nonexistent; echo $?
