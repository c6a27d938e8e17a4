cat < /dev/null | wc -l
