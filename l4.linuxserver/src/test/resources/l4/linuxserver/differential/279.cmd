printf 'aa\nbbbb\nc\n' | wc -L; printf 'a\na\nb\n' | uniq -d; printf 'ab' | dd bs=4 conv=sync 2>/dev/null | od -An -c
