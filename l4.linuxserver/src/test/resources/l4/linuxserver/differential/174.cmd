mkdir -m 0 /tmp/z; ls -ld /tmp/z | cut -c1-10; rmdir /tmp/z
