(sleep 1; echo late) | { read -t 0.2 x; echo "read=$? x=$x"; }
