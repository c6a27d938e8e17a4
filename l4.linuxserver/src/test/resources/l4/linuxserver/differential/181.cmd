echo 3 > /tmp/ro; chmod 444 /tmp/ro; echo 4 >> /tmp/ro; cat /tmp/ro
