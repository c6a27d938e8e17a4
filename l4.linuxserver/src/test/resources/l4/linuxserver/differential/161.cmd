ln /tmp /tmp/l; echo $?; ln -s /nonexistent /tmp/dangling; cat /tmp/dangling; echo $?
