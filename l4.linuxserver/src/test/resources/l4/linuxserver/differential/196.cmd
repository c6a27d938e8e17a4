exec 2>/dev/null; ls /nonexistent; echo $?
