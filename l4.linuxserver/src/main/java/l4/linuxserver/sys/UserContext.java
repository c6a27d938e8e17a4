package l4.linuxserver.sys;

/**
 * The user register frame of a Linux thread as its architecture defines it; the layer reads the
 * system call's arguments and leaves results through its {@link LinuxAbi}.
 */
public interface UserContext {
    /** A copy, for the child of a fork. */
    UserContext copy();

    long stackPointer();

    long programCounter();

    void setProgramCounter(long pc);
}
