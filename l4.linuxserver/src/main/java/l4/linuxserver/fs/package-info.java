/**
 * File system objects of the Linux layer: the in-memory tree (initramfs and tmpfs), newc cpio and
 * the build-time initramfs builder, device nodes, pipes and the tty line discipline.
 */
package l4.linuxserver.fs;
