/bin/lxtest cputime
