/bin/lxtest sleeps
