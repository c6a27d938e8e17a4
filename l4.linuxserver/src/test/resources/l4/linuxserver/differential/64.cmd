seq 5 | sed -n 2p
