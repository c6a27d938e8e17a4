mkdir -p /tmp/a/b; echo x > /tmp/a/b/f; ln -s f /tmp/a/b/l; tar -C /tmp -cf - a | tar -tf - | sort; cd /tmp; find a | cpio -o -H newc 2>/dev/null | cpio -t 2>/dev/null | sort
