package l4.api;

/** id_nearest's answer: the partner the kernel would deliver to, and how it relates. */
public final class Nearest {
    public static final int SAME_CLAN = 0x00;
    public static final int OUTER_CLAN = 0x04;
    public static final int INNER_CLAN = 0x0C;

    private final int type;
    private final ThreadId id;

    public Nearest(int type, ThreadId id) {
        this.type = type;
        this.id = id;
    }

    public int type() { return type; }
    public ThreadId id() { return id; }

    @Override
    public String toString() { return String.format("nearest(0x%02x, %s)", type, id); }
}
