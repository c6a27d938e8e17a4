package l4.linuxserver.fs;

/**
 * A read or write cannot go on now (an empty pipe, a tty without a line): the caller blocks and
 * retries the call when the object changes, or answers EAGAIN under O_NONBLOCK. Preallocated, no
 * stack trace.
 */
public final class WouldBlock extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public static final WouldBlock INSTANCE = new WouldBlock();

    private WouldBlock() {
        super("would block", null, false, false);
    }
}
