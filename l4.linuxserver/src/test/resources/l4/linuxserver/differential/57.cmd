echo -e 'a\tb' | od -c
