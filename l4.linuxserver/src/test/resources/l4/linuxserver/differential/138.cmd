printf '1\n2\n' > /tmp/c1; printf '2\n3\n' > /tmp/c2; comm /tmp/c1 /tmp/c2
