expr 6 \* 7
