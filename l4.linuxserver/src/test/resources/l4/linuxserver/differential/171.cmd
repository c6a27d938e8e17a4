cd /tmp; mkdir a; cd a; rmdir ../a; ls; echo ls=$?; /bin/pwd; echo pwd=$?
