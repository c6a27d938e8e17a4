seq 1 5000 | sort -n -r | tail -n 1; seq 1 20000 | wc -l; yes | head -c 100000 | wc -c; dd if=/dev/zero bs=65536 count=3 2>/dev/null | wc -c
