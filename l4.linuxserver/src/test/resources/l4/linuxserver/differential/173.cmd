exec 3>/tmp/f; echo a >&3; exec 3>>/tmp/f; echo b >&3; exec 3>&-; cat /tmp/f
