package l4.linuxserver.server;

import l4.linuxserver.sys.UserContext;

/**
 * An architecture's exception IPC as the server core sees it: what a Cause word means, and the
 * register frame the kernel sends with a reflected exception (and takes back in the reply) as
 * the layer's {@link UserContext}.
 */
public interface TrapAbi {
    /** What the thread did, from the exception's cause. */
    enum Kind { SYSCALL, BREAKPOINT, TLB_FAULT, ADDRESS_ERROR, BUS_ERROR, ILLEGAL_INSTRUCTION, ARITHMETIC, OTHER }

    Kind classify(long cause);

    /** Words in a frame. */
    int frameWords();

    /** The frame as a register context (the frame's own PC included). */
    UserContext unpack(long[] frame);

    /**
     * The context as a reply frame: every register of the context; the words a context does not
     * hold (the exception's Cause and BadVAddr, flags) are taken from {@code received}.
     */
    long[] pack(UserContext context, long[] received);

    /** The Linux system-call number of a thread stopped at its system-call instruction. */
    long syscallNumber(UserContext context);
}
