for f in /etc/*; do echo "$f"; done
