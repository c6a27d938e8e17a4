echo abcdefgh | fold -w 3
