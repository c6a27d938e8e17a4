printf 'a\tb\n' | expand | od -c; printf '        x\n' | unexpand -a | od -c
