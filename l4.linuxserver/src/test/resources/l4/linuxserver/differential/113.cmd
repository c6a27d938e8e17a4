timeout 1 sleep 5; echo status=$?
