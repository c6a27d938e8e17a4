seq 3 | (read a; echo "a=$a"; cat); echo abc | (dd bs=1 count=1 2>/dev/null; echo; cat)
