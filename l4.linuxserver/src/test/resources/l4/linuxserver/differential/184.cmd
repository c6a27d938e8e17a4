find /etc -type f | sort | head -n 3; wc -c /etc/hostname
