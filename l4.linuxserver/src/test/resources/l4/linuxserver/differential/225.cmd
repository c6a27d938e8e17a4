yes | head -n 3; yes abc | head -c 10; echo; printf 'a\0b\0' | xargs -0 echo; echo a b c | xargs -n 2
