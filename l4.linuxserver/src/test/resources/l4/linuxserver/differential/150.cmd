echo x > /tmp/o; chown 1:2 /tmp/o; stat -c '%u %g' /tmp/o; chgrp 3 /tmp/o; stat -c '%u %g' /tmp/o
