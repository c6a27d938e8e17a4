rmdir /; echo $?; cd /tmp; unlink .; echo $?; rmdir .; echo $?; rmdir /tmp/..; echo $?; unlink /tmp/..; echo $?
