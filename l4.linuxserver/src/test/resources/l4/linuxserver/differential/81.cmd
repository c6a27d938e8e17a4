echo start; yes x | head -c 200000 | wc -c
