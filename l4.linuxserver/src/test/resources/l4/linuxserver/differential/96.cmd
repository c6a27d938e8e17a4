echo x > /tmp/r; chmod 000 /tmp/r; cat /tmp/r; echo $?
