(sleep 1 & pid=$!; kill -STOP $pid; kill $pid; kill -CONT $pid; wait $pid; echo $?) 2>/dev/null
