printf '%d %d\n' "'A" 0x1f; usleep 1000; echo $?
