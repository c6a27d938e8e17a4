/bin/lxsem sharedpending
