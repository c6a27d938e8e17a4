mktemp -d /tmp/x.XXXXXX | cut -c1-7; ls -d /tmp/x.* | wc -l
