mkfifo /tmp/f; (echo through > /tmp/f &); cat /tmp/f; rm /tmp/f; ls /tmp
