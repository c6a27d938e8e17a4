seq 10 | awk 'NR % 3 == 0 { printf "%s-", $1 } END { print "" }'
