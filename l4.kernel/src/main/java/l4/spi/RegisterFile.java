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
}
