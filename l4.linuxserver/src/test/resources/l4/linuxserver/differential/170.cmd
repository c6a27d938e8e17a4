touch /tmp/$(printf '%0300d' 0); echo $?; ls /tmp | wc -l
