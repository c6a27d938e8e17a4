seq 3 | while read l; do echo "line $l"; done
