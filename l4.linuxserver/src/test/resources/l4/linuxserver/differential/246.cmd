awk 'BEGIN { system("echo sys"); print "piped" | "cat"; close("cat"); print "after"; while ((getline l < "/etc/hostname") > 0) print "got", l }'
