printf 'a\na\nb\n' | uniq -d
