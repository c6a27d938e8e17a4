set -- a b c; shift; echo $@ $#; set -e; false || echo ok; case foo in f*) echo yes;; *) echo no;; esac; [[ abc == a* ]] && echo glob
