printf 'a\nb\n' > /tmp/1; printf 'b\nc\n' > /tmp/2; paste /tmp/1 /tmp/2; paste -d, -s /tmp/1
