exec 4>/tmp/fd4; echo via4 >&4; exec 4>&-; cat /tmp/fd4
