printf 'a\n' > /tmp/1; printf 'b\n' > /tmp/2; cmp /tmp/1 /tmp/2; echo $?
