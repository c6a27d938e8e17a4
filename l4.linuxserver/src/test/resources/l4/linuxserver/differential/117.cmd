/bin/lxsem cloneflags
