basename /a/b/c; dirname /a/b/c
