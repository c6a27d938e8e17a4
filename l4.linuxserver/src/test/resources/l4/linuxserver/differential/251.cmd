alias ll='ls -l'; alias; command -V ll; hash; sh -c 'echo $0 $1 $#' zero one two
