umask 027; mkdir /tmp/um; touch /tmp/um/f; cp -p /etc/hostname /tmp/um/h; cp /etc/hostname /tmp/um/h2; stat -c '%a %n' /tmp/um /tmp/um/f /tmp/um/h /tmp/um/h2
