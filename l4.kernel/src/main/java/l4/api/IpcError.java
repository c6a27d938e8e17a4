package l4.api;

/**
 * IPC error codes, the high nibble of the result condition code. Receive-phase codes are even
 * (0x20, 0x40, ...), send-phase codes have 0x10 added.
 */
public enum IpcError {
    OK(0x00, "ok"),
    NON_EXISTENT(0x10, "non-existent partner"),
    RECEIVE_TIMEOUT(0x20, "receive timeout"),
    SEND_TIMEOUT(0x30, "send timeout"),
    RECEIVE_CANCELLED(0x40, "receive cancelled"),
    SEND_CANCELLED(0x50, "send cancelled"),
    RECEIVE_MAP_FAILED(0x60, "receive map failed"),
    SEND_MAP_FAILED(0x70, "send map failed"),
    SEND_PF_TIMEOUT_RECEIVER(0x80, "send-pagefault timeout (receive phase)"),
    SEND_PF_TIMEOUT(0x90, "send-pagefault timeout"),
    RECEIVE_PF_TIMEOUT(0xA0, "receive-pagefault timeout (receive phase)"),
    RECEIVE_PF_TIMEOUT_SENDER(0xB0, "receive-pagefault timeout (send phase)"),
    RECEIVE_ABORTED(0xC0, "receive aborted"),
    SEND_ABORTED(0xD0, "send aborted"),
    RECEIVE_CUT(0xE0, "receive message cut"),
    SEND_CUT(0xF0, "send message cut");

    private final int code;
    private final String text;

    IpcError(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() { return code; }
    public String text() { return text; }

    /** True for errors of the send phase (odd high nibble). */
    public boolean sendPhase() { return (code & 0x10) != 0; }

    /** The same error seen from the other phase (for partners that see a transfer error too). */
    public IpcError otherPhase() { return fromCode(code ^ 0x10); }

    /** Every high nibble has its error, declared in nibble order; looked up on every IPC result. */
    private static final IpcError[] BY_NIBBLE = values();

    static {
        for (int i = 0; i < BY_NIBBLE.length; i++) {
            if (BY_NIBBLE[i].code != i << 4) throw new AssertionError(BY_NIBBLE[i] + " out of nibble order");
        }
    }

    public static IpcError fromCode(int cc) {
        return BY_NIBBLE[(cc >> 4) & 0xF];
    }
}
