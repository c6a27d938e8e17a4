sh -c 'kill -SEGV $$' 2>/dev/null; echo $?; sh -c 'kill -ABRT $$' 2>/dev/null; echo $?
