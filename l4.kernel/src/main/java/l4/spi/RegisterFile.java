package l4.spi;

import org.osgi.annotation.versioning.ProviderType;

/** A thread's user-visible registers, named by the architecture. */
@ProviderType
public interface RegisterFile {
    int count();

    String name(int register);

    long get(int register);

    void set(int register, long value);

    /** Index of the instruction pointer register. */
    int ip();

    /** Index of the stack pointer register. */
    int sp();

    /**
     * The array that holds the registers, by index, or {@code null} (the default): the kernel then
     * copies the IPC message words through it, without a call per word. An architecture that
     * returns it promises that each of its message-word registers
     * ({@link SyscallAbi#messageWordRegister}) is a plain element there: {@link #get} loads it,
     * and {@link #set} stores the value cut to the machine word ({@link Architecture#wordBits}).
     */
    default long[] plainRegisters() {
        return null;
    }
}
