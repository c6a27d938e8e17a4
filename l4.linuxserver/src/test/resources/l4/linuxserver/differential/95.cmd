ls -la /tmp | head -n 3
