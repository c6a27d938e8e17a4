date -u -d @0; date -u -d @86400 +%Y-%m-%d
