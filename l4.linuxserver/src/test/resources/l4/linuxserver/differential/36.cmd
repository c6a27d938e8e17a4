echo abcdef | head -c 3; echo
