sleep 1 & kill $!; wait $!; echo $?
