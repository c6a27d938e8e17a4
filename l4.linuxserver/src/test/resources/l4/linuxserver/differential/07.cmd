seq 5 | sort -r | head -n 2
