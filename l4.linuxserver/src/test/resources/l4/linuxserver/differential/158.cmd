awk 'BEGIN { system("echo sys"); print "after" }'
