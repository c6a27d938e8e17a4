echo x > /tmp/h; ln /tmp/h /tmp/h2; stat -c '%h' /tmp/h; rm /tmp/h; cat /tmp/h2
