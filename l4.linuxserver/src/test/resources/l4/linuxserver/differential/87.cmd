sleep 5 & sleep 5 & kill %1 %2 2>/dev/null; wait; echo done
