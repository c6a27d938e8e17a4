awk 'BEGIN { printf "%5.2f|%-4s|%x|%c\n", 3.14159, "ab", 255, 65 }'; printf 'a b\nc d\n' | awk '{ print $2, NR, NF }'
