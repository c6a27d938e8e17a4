cat /etc/passwd | head -n 1
