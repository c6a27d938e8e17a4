printf 'x\ny\n' > /tmp/f; exec 3</tmp/f; read l <&3; echo $l; cat <&3; (echo a; sleep 0.1; echo b) | cat
