echo hello | sed 's/l/L/2'; printf '1\n2\n3\n' | sed -n '2p'; echo abc | sed 'y/abc/xyz/'; echo a.b | sed -E 's/(a)\.(b)/\2\1/'
