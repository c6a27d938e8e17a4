echo x | tee /tmp/t1 /tmp/t2 >/dev/null; cat /tmp/t1 /tmp/t2; echo y | tee -a /tmp/t1; cat /tmp/t1
