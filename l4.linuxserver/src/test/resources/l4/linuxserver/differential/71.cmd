seq -s, 5
