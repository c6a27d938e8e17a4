case foo in f*) echo match;; *) echo no;; esac
