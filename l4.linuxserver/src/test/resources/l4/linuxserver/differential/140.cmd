sort -u -t: -k7,7 /etc/passwd | cut -d: -f7
