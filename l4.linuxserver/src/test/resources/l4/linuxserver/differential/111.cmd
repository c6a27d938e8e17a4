(/bin/lxtest spin & sleep 0.2; kill $!; wait $!; echo status=$?) 2>/dev/null
