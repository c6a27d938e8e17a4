seq -w 8 11; seq 5 -2 1; seq -s, 3
