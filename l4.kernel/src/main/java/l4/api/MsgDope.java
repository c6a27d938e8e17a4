package l4.api;

/** A message dope: bits 13–31 words, 8–12 strings, 0–7 condition code. */
public final class MsgDope {
    public static final int MAX_WORDS = (1 << 19) - 1;
    public static final int MAX_STRINGS = 31;

    private MsgDope() {}

    public static long of(int words, int strings) {
        if (words < 0 || words > MAX_WORDS) throw new IllegalArgumentException("dope words " + words);
        if (strings < 0 || strings > MAX_STRINGS) throw new IllegalArgumentException("dope strings " + strings);
        return (long) words << 13 | (long) strings << 8;
    }

    public static int words(long dope) { return (int) (dope >>> 13) & MAX_WORDS; }
    public static int strings(long dope) { return (int) (dope >>> 8) & 0x1F; }
    public static int cc(long dope) { return (int) dope & 0xFF; }
}
