umask; umask 077; umask; touch /tmp/u; ls -l /tmp/u | cut -c1-10
