cat /tmp; echo $?; echo x > /tmp/; echo $?
