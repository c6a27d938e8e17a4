(sleep 5 & kill -9 $!; wait $!; echo $?) 2>/dev/null; sh -c 'exit 3' & wait $!; echo $?; kill -s 0 $$; echo $?
