seq 1 3 | while read x; do echo "n$x"; done; (exit 3); echo $?; ! true; echo $?; echo {a,b}; let x=2+3; echo $x
