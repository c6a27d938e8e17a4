whoami; id -u; id -gn
