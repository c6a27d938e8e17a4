printf '\001\002\377\376' | od -t d2; printf 'hello world\n' | hexdump -C; echo abcdef | cut -c2-4; echo abcdef | cut -b1,3
