printf 'x\ty\n' | od -An -tx1
