package l4.spi;

/** A thread's user-visible registers, named by the architecture. */
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
