package l4.drivers.client;

/** Bytes in message words, little-endian, as many as the architecture's registers carry. */
public final class Words {
    private Words() {}

    /** Data bytes one message carries after word 0. */
    public static int bytesPerMessage(int messageRegisters, int wordBytes) {
        return (messageRegisters - 1) * wordBytes;
    }

    /** Packs {@code n} bytes from {@code data[offset]} into {@code words[1..]}. */
    public static void pack(byte[] data, int offset, int n, long[] words, int wordBytes) {
        for (int i = 0; i < n; i++) {
            int w = 1 + i / wordBytes;
            words[w] |= (data[offset + i] & 0xFFL) << (8 * (i % wordBytes));
        }
    }

    public static byte[] unpack(long[] words, int n, int wordBytes) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) out[i] = (byte) (words[1 + i / wordBytes] >>> (8 * (i % wordBytes)));
        return out;
    }

    /** A 64-bit thread id in two words of the low and high 32 bits (what fits ix86 registers). */
    public static long[] idWords(long raw) {
        return new long[] {raw & 0xFFFF_FFFFL, raw >>> 32};
    }

    public static long idFromWords(long lo, long hi) {
        return (lo & 0xFFFF_FFFFL) | (hi & 0xFFFF_FFFFL) << 32;
    }
}
