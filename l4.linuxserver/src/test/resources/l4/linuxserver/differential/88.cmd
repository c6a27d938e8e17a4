printf 'b 2\na 1\nc 3\n' | sort -k2 -n | cut -d' ' -f1 | tr '\n' ,; echo
