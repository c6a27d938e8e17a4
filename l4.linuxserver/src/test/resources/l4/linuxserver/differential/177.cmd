env -i /bin/sh -c 'echo "$PATH"'
