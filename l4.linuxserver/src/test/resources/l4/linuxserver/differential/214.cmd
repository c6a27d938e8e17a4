echo 'x y z' | { read a b; echo "$a|$b"; }; echo a:b | { IFS=: read -r u p; echo "$p$u"; }
