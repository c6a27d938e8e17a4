seq 100000 | tail -n 1
