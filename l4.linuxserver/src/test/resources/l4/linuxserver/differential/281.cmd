mkdir /tmp/m; for i in 1 2 3 4 5 6 7 8 9 10; do touch /tmp/m/f$i; done; ls /tmp/m | wc -l; rm -rf /tmp/m; ls /tmp
