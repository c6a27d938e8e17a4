printf 'line1\r\nline2\r\n' > /tmp/d; dos2unix /tmp/d; od -c /tmp/d; unix2dos /tmp/d; wc -c /tmp/d
