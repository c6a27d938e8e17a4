echo a > /tmp/s; sed -i s/a/b/ /tmp/s; cat /tmp/s; ls /tmp
