touch -d '2001-02-03 04:05:06' /tmp/t; touch -a -d '2002-02-03 04:05:06' /tmp/t; stat -c '%X %Y' /tmp/t; touch -m -d @5 /tmp/t; stat -c '%X %Y' /tmp/t
