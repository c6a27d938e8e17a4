touch -t 200001011200 /tmp/t; stat -c %Y /tmp/t; date -u -r /tmp/t; date -u -d '2024-02-29 12:34:56' '+%A %j %U %Z %s'
