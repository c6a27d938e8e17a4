package l4.spi;

import org.osgi.annotation.versioning.ProviderType;

/** How user exceptions reach user level on this architecture. */
@ProviderType
public interface ExceptionModel {
    enum Delivery {
        /** MIPS: an IPC to the thread's excepter carrying Cause, EPC and BadVAddr. */
        EXCEPTER_IPC,
        /** ix86: reflected through the thread's own (kernel-emulated LIDT) vector table. */
        REFLECT_TO_VECTOR
    }

    Delivery delivery();

    /** Architecture code of a user program's unhandled exception (MIPS Cause, ix86 vector). */
    int codeForProgramException();

    /** Architecture code for an access to an address outside user space. */
    int codeForAddressError(boolean write);

    /**
     * Architecture code for a word access at an address not aligned to the word size, or -1 where
     * the CPU performs such an access (ix86 with alignment checking off).
     */
    int codeForUnalignedAccess(boolean write);

    /** Architecture code of a breakpoint instruction (MIPS {@code break}: Bp; ix86 {@code int3}: vector 3). */
    int codeForBreakpoint();

    /**
     * Architecture code for a user instruction of coprocessor {@code unit} (0–3) that the thread
     * may not use, or -1 where it may (ix86: the kernel switches the FPU lazily, user code just uses it).
     */
    int codeForCoprocessorUnusable(int unit);

    /** Frame flags naming coprocessor {@code unit} in that exception (MIPS: Cause.CE, bits 28–29). */
    long coprocessorFlags(int unit);

    /** Words of the exception message (MIPS: Cause, EPC, BadVAddr) or of the stack frame (ix86: EFLAGS, CS, EIP[, error]). */
    long[] frame(int code, long ip, long faultAddress, long flags);
}
