/bin/lxtest cloneflags
