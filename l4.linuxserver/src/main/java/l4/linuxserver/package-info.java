/**
 * The Linux personality server on L4 (private packages). {@code sys} is the system-call layer,
 * independent of the transport and of the architecture; {@code fs} the file system objects;
 * {@code mm} a process's memory; {@code mips} the MIPS n64 ABI. The L4 transport (processes as
 * L4 tasks, system calls as reflected exception IPC) waits for guest threads in the kernel.
 */
package l4.linuxserver;
