ln -s /etc /tmp/e; cd /tmp/e; pwd; pwd -P; cd -P /tmp/e; pwd; readlink -f /tmp/../etc/./hostname; realpath /tmp/e/nonexistent; echo $?
