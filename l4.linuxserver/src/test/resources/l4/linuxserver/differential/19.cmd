x=$(echo inner); echo "got $x"
