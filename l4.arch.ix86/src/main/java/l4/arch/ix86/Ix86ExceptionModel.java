package l4.arch.ix86;

import l4.spi.ExceptionModel;

/**
 * ix86 exceptions: the kernel reflects a trap through the thread's own vector table (installed
 * with the kernel-emulated LIDT) by pushing the frame the CPU would push for a trap from ring 3
 * into a ring-3 handler: EFLAGS, CS, EIP, and an error code for vectors 8, 10–14 and 17.
 *
 * <ul>
 * <li>Program exception (an unhandled exception of a Java user thread): vector 6, #UD invalid
 *     opcode, the fault a CPU raises when it cannot execute the code at all.</li>
 * <li>Breakpoint ({@code int3}): vector 3, #BP, no error code.</li>
 * <li>Unaligned accesses and the FPU raise nothing: L4/x86 runs user code with EFLAGS.AC clear
 *     and switches the FPU lazily, handling the #NM of the first FPU instruction itself.</li>
 * <li>Access outside user space: vector 13, #GP(0). On L4/x86 user segments end at the top of the
 *     user space (the slot size for a small space), so such an access fails the segment-limit
 *     check before paging is involved; vector 14 (#PF) is for addresses inside user space and goes
 *     to the pager as a page-fault IPC instead.</li>
 * </ul>
 */
final class Ix86ExceptionModel implements ExceptionModel {
    static final int BREAKPOINT = 3;
    static final int INVALID_OPCODE = 6;
    static final int GENERAL_PROTECTION = 13;
    static final int PAGE_FAULT = 14;
    /** User code selector of L4/x86: GDT index 3, RPL 3. */
    static final long USER_CS = 0x1B;

    /** #PF error code bits: P (protection violation), W/R (write), U/S (user mode). */
    static final long PF_USER = 0x4;

    @Override
    public Delivery delivery() {
        return Delivery.REFLECT_TO_VECTOR;
    }

    @Override
    public int codeForProgramException() {
        return INVALID_OPCODE;
    }

    @Override
    public int codeForAddressError(boolean write) {
        return GENERAL_PROTECTION; // segment-limit violation, error code 0, for reads and writes alike
    }

    @Override
    public int codeForUnalignedAccess(boolean write) {
        return -1;
    }

    @Override
    public int codeForBreakpoint() {
        return BREAKPOINT;
    }

    @Override
    public int codeForCoprocessorUnusable(int unit) {
        return -1;
    }

    @Override
    public long coprocessorFlags(int unit) {
        return 0;
    }

    /**
     * The words pushed, in push order: EFLAGS, CS, EIP, then the error code when the vector has one
     * (0 for #GP from a limit violation and for 8, 10–12, 17; for #PF the U/S bit, the fault
     * address itself goes to CR2, not onto the stack). All values are 32-bit.
     */
    @Override
    public long[] frame(int code, long ip, long faultAddress, long flags) {
        long eflags = flags & Ix86Registers.MASK;
        long eip = ip & Ix86Registers.MASK;
        if (!hasErrorCode(code)) return new long[] {eflags, USER_CS, eip};
        long error = code == PAGE_FAULT ? PF_USER : 0;
        return new long[] {eflags, USER_CS, eip, error};
    }

    static boolean hasErrorCode(int vector) {
        return vector == 8 || (vector >= 10 && vector <= 14) || vector == 17;
    }
}
