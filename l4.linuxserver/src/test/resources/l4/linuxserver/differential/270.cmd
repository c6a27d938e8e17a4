cat /dev/null; echo $?; head -c 5 /dev/zero | od -An -tx1
