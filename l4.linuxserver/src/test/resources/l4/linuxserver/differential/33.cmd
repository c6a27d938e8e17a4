a=1; b=2; [ $a -lt $b ] && echo less
