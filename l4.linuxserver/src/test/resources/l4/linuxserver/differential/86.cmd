f() { echo "f:$1"; return 4; }; f a; echo $?
