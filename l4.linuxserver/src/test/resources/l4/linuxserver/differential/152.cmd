ulimit -n 64; ulimit -n; sh -c 'ulimit -n'; ulimit -Sn 32; ulimit -Sn; ulimit -Hn; ulimit -Sn 100; echo $?
