truncate -s 10 /tmp/tr; wc -c < /tmp/tr; truncate -s 3 /tmp/tr; od -An -c /tmp/tr
