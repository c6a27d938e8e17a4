i=0; until [ $i -ge 3 ]; do i=$((i+1)); echo u$i; done
