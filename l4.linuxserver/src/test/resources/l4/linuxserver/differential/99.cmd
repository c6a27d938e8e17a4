test -z "" && test -n x && echo strings
