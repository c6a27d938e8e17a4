mkdir /tmp/d; echo x > /tmp/d/f; rmdir /tmp/d; echo $?; mkdir /tmp/x/y; echo $?
