umask 027; mkdir /tmp/m2; stat -c %a /tmp/m2; touch /tmp/f2; stat -c %a /tmp/f2
