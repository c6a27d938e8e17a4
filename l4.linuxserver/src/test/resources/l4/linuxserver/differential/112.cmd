sleep 0.1; usleep 1000; echo slept
