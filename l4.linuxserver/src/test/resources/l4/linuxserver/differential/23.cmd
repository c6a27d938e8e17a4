echo hi | od -c
