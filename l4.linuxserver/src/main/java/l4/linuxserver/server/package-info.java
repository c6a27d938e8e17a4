/**
 * The server core of the L4 transport, apart from how messages arrive (as {@code l4.sigma0}'s
 * pure protocol is apart from its IPC loop): {@link l4.linuxserver.server.ServerCore} takes a
 * process thread's reflected exception (its whole register frame) or page fault and answers with
 * the reply frame or the mapping to give, keeping each process's shadow page table
 * ({@link l4.linuxserver.server.ShadowTable}); {@link l4.linuxserver.server.TrapAbi} is what it
 * needs to know of an architecture's exception frame.
 */
package l4.linuxserver.server;
