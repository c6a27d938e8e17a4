rm /nonexistent/x; echo $?
