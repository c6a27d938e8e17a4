touch /tmp/a.txt /tmp/b.txt /tmp/c.dat; find /tmp -name '*.txt' | sort
