chroot / /bin/echo inside; echo $?; chroot /nonexistent /bin/true; echo $?
