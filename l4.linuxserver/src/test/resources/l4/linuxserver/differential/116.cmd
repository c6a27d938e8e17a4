/bin/lxsem cputime
