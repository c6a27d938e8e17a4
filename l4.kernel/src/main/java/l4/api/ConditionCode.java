package l4.api;

/** The low byte of an IPC result: {@code ec:4 | i | r | m | d}. */
public final class ConditionCode {
    public static final int DECEIVED = 0x01;
    public static final int MAPPED = 0x02;
    public static final int REDIRECTED = 0x04;
    public static final int INNER_CLAN = 0x08;

    private ConditionCode() {}

    public static String describe(int cc) {
        StringBuilder b = new StringBuilder(IpcError.fromCode(cc).text());
        if ((cc & DECEIVED) != 0) b.append(",d");
        if ((cc & MAPPED) != 0) b.append(",m");
        if ((cc & REDIRECTED) != 0) b.append(",r");
        if ((cc & INNER_CLAN) != 0) b.append(",i");
        return b.toString();
    }
}
