mkdir -p /tmp/f/g; touch /tmp/f/1 /tmp/f/g/2; find /tmp/f -name 2 -exec rm {} \;; find /tmp/f | sort; find /tmp/f -type f -exec rm {} +; find /tmp/f | sort
