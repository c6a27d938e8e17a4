seq 1 10 | tail -n 3
