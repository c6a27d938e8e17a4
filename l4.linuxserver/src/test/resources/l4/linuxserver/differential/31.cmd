(sleep 5 & kill $!; wait $!; echo $?) 2>/dev/null
