seq 3 | sed -e 's/^/[/' -e 's/$/]/'
