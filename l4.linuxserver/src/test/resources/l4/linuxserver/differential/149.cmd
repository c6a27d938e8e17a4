touch -d @5000 /tmp/a; cp -p /tmp/a /tmp/b; stat -c '%Y %a' /tmp/b; touch -r /tmp/a /tmp/c; stat -c %Y /tmp/c
