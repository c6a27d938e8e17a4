sleep 0.1 & pid=$!; kill -STOP $pid; kill -CONT $pid; wait $pid; echo $?
