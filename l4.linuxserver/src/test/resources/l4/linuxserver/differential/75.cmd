read x < /etc/hostname; echo "host=$x"
