f() { local x=1; echo $x $#; }; f a b; echo ${x-unset}; x=hello.tar.gz; echo ${x%.*} ${x%%.*} ${x#*.} ${#x} ${x/l/L}
