echo x | hexdump -C
