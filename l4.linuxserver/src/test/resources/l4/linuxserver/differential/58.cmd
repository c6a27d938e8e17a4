printf 'x1\ny\nx2\n' | grep -c x
