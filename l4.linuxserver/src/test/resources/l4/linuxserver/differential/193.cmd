cal 1 2000
