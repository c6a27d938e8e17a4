package l4.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The register ABI of the seven system calls. User-side stubs (the Java binding, later guest code)
 * write arguments and read results; the kernel reads arguments and writes results. Values wider
 * than a register are truncated as the hardware would; ids travel as the architecture carries
 * them (ix86: two 32-bit halves).
 */
@ProviderType
public interface SyscallAbi {
    RegisterFile newRegisterFile();

    /** MIPS syscall number or ix86 interrupt vector of the call. */
    int trapNumber(Syscall call);

    /** The call a trap names, or null for a trap that is no system call. */
    Syscall decodeTrap(int trap);

    void writeArguments(Syscall call, long[] args, RegisterFile regs);

    long[] readArguments(Syscall call, RegisterFile regs);

    /**
     * The trap path's variant: reads the arguments into {@code into} (at least as long as the
     * call's parameter list), allocating nothing, and returns it.
     */
    long[] readArguments(Syscall call, RegisterFile regs, long[] into);

    void writeResults(Syscall call, long[] results, RegisterFile regs);

    long[] readResults(Syscall call, RegisterFile regs);

    /** Reads the results into {@code into} (at least as long as the call's result list), allocating nothing; returns it. */
    long[] readResults(Syscall call, RegisterFile regs, long[] into);

    // ---- IPC with the registers as the message (0.7) -----------------------------------------

    /**
     * The register that carries IPC message word {@code word} (0 ≤ word &lt; the architecture's
     * message registers). The same register in both directions: the kernel copies a message from
     * the sender's word registers straight into the receiver's, so these registers are the message.
     */
    int messageWordRegister(int word);

    /**
     * IPC's fixed parameters, {@code snd_desc} .. {@code virtual_sender} (the first
     * {@link Syscall#IPC_WORDS_IN} of the generic list, read as {@link #readArguments} reads
     * them), into {@code into}, allocating nothing; the message words stay in their registers.
     */
    long[] readIpcParameters(RegisterFile regs, long[] into);

    /** Writes IPC's fixed parameters ({@link Syscall#IPC_WORDS_IN} values) and leaves the word registers alone. */
    void writeIpcParameters(long[] parameters, RegisterFile regs);

    /**
     * Writes IPC's fixed results, the dope, the source and the real destination, and leaves the
     * word registers alone (whoever delivers a message writes those).
     */
    void writeIpcStatus(long dope, long source, long intended, RegisterFile regs);

    /** Reads IPC's fixed results ({@link Syscall#IPC_WORDS_OUT} values) into {@code into}; returns it. */
    long[] readIpcStatus(RegisterFile regs, long[] into);

    /** Which register carries each parameter, for documentation and the shell ({@code ESI/EDI}, {@code a4} ...). */
    String describe(Syscall call);
}
