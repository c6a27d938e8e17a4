package l4.kernel.snapshot;

/** A snapshot that cannot be written or read: the message is one line for the user. */
public final class SnapshotException extends Exception {
    private static final long serialVersionUID = 1L;

    public SnapshotException(String message) {
        super(message);
    }
}
