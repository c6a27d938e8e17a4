echo tee-data | tee /tmp/t > /dev/null; cat /tmp/t
