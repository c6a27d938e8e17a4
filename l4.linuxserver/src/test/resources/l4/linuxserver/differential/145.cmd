mkfifo -m 600 /tmp/f; (sleep 0.1; cat /tmp/f) & seq 3 > /tmp/f; wait; stat -c '%A %s' /tmp/f
