mkdir -p /tmp/p/q/r && ls -R /tmp/p
