test 3 -gt 2 && echo yes || echo no
