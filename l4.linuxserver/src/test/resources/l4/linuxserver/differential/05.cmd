echo a b c | wc -w
