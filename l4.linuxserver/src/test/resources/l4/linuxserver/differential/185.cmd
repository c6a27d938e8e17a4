rm -r /tmp/nonexistent; echo $?; rm -f /tmp/nonexistent; echo $?; rm /tmp; echo $?
