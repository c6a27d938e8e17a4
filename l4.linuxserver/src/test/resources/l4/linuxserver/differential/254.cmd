kill -l 9; kill -l 15; kill -l | head -n 2; trap 'echo bye' EXIT; trap -p EXIT 2>&1; exit 0
