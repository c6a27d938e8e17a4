set -- -a -b x y; while getopts ab: o; do echo "$o ${OPTARG-}"; done; shift $((OPTIND - 1)); echo "$@"; getopt -o ab: -- -a -b x y
