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

    /** Words of the exception message (MIPS: Cause, EPC, BadVAddr) or of the stack frame (ix86: EFLAGS, CS, EIP[, error]). */
    long[] frame(int code, long ip, long faultAddress, long flags);
}
