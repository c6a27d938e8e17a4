ln -s /tmp/target /tmp/dangling; ls -l /tmp/dangling | cut -c1-10; cat /tmp/dangling; echo $?; echo z > /tmp/dangling; cat /tmp/target
