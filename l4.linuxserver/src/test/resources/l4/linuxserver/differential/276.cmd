echo data > /tmp/z; touch -d @1234567890 /tmp/z; chmod 600 /tmp/z; gzip /tmp/z; ls /tmp; gunzip /tmp/z.gz; stat -c '%a' /tmp/z; cat /tmp/z
