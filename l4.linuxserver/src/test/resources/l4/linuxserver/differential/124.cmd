mkdir -p /tmp/t/a; echo x > /tmp/t/a/f; tar -cf /tmp/t.tar -C /tmp t; tar -tf /tmp/t.tar | sort
