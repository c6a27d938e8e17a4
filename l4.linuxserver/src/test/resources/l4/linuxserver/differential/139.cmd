echo 'a,b;c' | awk -F'[,;]' '{print NF, $3}'
