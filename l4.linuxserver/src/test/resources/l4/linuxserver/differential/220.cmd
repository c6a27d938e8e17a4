ln -s a /tmp/l; ln -sf b /tmp/l; readlink /tmp/l; ln -s c /tmp/l; echo $?; readlink /tmp/l
