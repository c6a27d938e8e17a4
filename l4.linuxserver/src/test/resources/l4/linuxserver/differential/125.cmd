printf 'a\nb\n' > /tmp/1; printf 'a\nc\n' > /tmp/2; diff /tmp/1 /tmp/2; echo $?
