realpath /tmp/../etc/./passwd
