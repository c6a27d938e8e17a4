printf 'x:1\ny:2\n' | cut -d: -f2; echo hello | tr a-z A-Z; echo 'a   b' | tr -s ' '; echo hello | tr -d l
