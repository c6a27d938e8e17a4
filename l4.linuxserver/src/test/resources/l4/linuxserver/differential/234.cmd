taskset 1 echo pinned; echo $?
