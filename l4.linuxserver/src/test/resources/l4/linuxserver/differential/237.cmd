basename /a/b/ .c; basename /a/b.c .c; dirname /a/b/; dirname a; dirname /
