trap 'echo usr2' USR2; (sleep 0.05; kill -USR2 $$) & wait; echo "wait=$?"
