mkdir -p /tmp/a/b; echo x > /tmp/a/b/f; chmod 640 /tmp/a/b/f; touch -d @1000000000 /tmp/a/b/f; tar -C /tmp -cf /tmp/t.tar a; rm -r /tmp/a; tar -C /tmp -xf /tmp/t.tar; stat -c '%a %Y %s' /tmp/a/b/f
