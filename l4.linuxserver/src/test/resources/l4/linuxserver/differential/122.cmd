echo hello > /tmp/g; gzip /tmp/g; ls /tmp; gunzip -c /tmp/g.gz
