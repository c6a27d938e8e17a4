printf 'c:3\na:1\nb:2\n' | sort -t: -k2n; printf 'b 2\na 10\n' | sort -k2,2n; printf 'B\na\nC\n' | sort -f
