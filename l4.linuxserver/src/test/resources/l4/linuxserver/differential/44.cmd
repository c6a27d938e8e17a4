seq 20000 | wc -c
