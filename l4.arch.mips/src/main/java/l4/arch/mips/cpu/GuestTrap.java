package l4.arch.mips.cpu;

/**
 * Thrown inside the executor when an instruction raises an exception; caught by the run loop,
 * which turns it into a {@link GuestException}. One preallocated instance per CPU, no stack trace:
 * raising an exception allocates nothing.
 */
final class GuestTrap extends RuntimeException {
    private static final long serialVersionUID = 1L;

    int code;
    long badVaddr;
    int coprocessor;

    GuestTrap() {
        super(null, null, false, false);
    }

    GuestTrap raise(int code, long badVaddr) {
        this.code = code;
        this.badVaddr = badVaddr;
        this.coprocessor = 0;
        return this;
    }

    GuestTrap unusable(int coprocessor) {
        this.code = GuestException.CPU;
        this.badVaddr = 0;
        this.coprocessor = coprocessor;
        return this;
    }
}
