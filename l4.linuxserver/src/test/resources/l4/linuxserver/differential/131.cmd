printf 'x\ny\nz\n' | nl
