printf 'hello\n' | sh -c 'read x; echo "got $x"'
