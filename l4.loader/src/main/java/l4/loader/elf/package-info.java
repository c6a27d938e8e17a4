/**
 * Program images as a loader needs them, pure and independent of the kernel: {@link ElfFile}
 * parses a static ELF64 executable (header checks with one-line reasons, PT_LOAD segments, the
 * program headers' address), and {@link InitialStack} lays out the initial stack of the Linux n64
 * ABI (argc, argv, envp, auxv, the strings and AT_RANDOM's bytes) as qemu-user and Linux do. Any
 * pager can use them with frames of its own.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package l4.loader.elf;
