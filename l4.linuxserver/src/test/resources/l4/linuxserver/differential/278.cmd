printf '' > /tmp/e; stat -c %s /tmp/e; [ -s /tmp/e ]; echo $?; head -c 0 /etc/hostname | wc -c; printf 'a\nb\nc\n' | head -n -1; printf 'abcdef' | tail -c +3; echo
