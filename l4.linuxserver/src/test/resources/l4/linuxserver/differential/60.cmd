printf '10\n9\n100\n' | sort -n
