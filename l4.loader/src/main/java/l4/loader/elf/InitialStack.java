package l4.loader.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The initial stack of a Linux n64 process (MIPS64, 8-byte words, little endian), laid out as
 * qemu-user's {@code create_elf_tables} and Linux's {@code fs/binfmt_elf.c} do. From the top of
 * the stack down: an 8-byte null word; the strings of AT_EXECFN, the environment and the
 * arguments (each NUL-terminated, in that order downwards, so argv[0] is the lowest); the
 * AT_BASE_PLATFORM and AT_PLATFORM strings, each in a multiple of 8 bytes; alignment to 16; the 16
 * bytes of AT_RANDOM; then, 16-byte aligned at the stack pointer: argc, argv[] and NULL, envp[]
 * and NULL, and the auxiliary vector's (type, value) pairs in qemu's order, ending with AT_NULL.
 * {@code InitialStackTest} compares the result byte for byte with what qemu-mips64el gives a
 * static program.
 */
public final class InitialStack {
    public static final int AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7, AT_FLAGS = 8,
            AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15, AT_HWCAP = 16,
            AT_CLKTCK = 17, AT_SECURE = 23, AT_BASE_PLATFORM = 24, AT_RANDOM = 25, AT_EXECFN = 31;
    /** The base platform the simulated CPU reports: a MIPS64 release 2 CPU, as qemu-mips64el names it. */
    public static final String MIPS64R2 = "mips64r2";
    public static final int PAGE_SIZE = 4096;

    private final long top;
    private final long stackPointer;
    private final byte[] bytes;

    private InitialStack(long top, long stackPointer, byte[] bytes) {
        this.top = top;
        this.stackPointer = stackPointer;
        this.bytes = bytes;
    }

    /**
     * Lays out the stack below {@code top} (exclusive, 16-byte aligned). {@code basePlatform} and
     * {@code platform} may be null (no entry); {@code random} is AT_RANDOM's 16 bytes.
     *
     * @throws IllegalArgumentException if it would need more than {@code maxBytes}
     */
    public static InitialStack layout(long top, List<byte[]> argv, List<byte[]> envp, byte[] execFn, String basePlatform,
                                      String platform, byte[] random, AuxValues aux, int maxBytes) {
        if ((top & 15) != 0) throw new IllegalArgumentException("the stack top must be 16-byte aligned");
        if (random.length != 16) throw new IllegalArgumentException("AT_RANDOM needs 16 bytes");
        long strings = 8 + execFn.length + 1;
        for (byte[] s : argv) strings += s.length + 1;
        for (byte[] s : envp) strings += s.length + 1;
        if (strings > maxBytes) throw new IllegalArgumentException("arguments and environment exceed " + maxBytes + " bytes");
        Builder b = new Builder(top, maxBytes);
        long p = top - 8;
        long execFnAt = p = b.string(p, execFn);
        long[] envAt = new long[envp.size()];
        for (int i = envp.size() - 1; i >= 0; i--) envAt[i] = p = b.string(p, envp.get(i));
        long[] argAt = new long[argv.size()];
        for (int i = argv.size() - 1; i >= 0; i--) argAt[i] = p = b.string(p, argv.get(i));
        long sp = p;
        long basePlatformAt = 0, platformAt = 0;
        if (basePlatform != null) basePlatformAt = sp = b.padded(sp, basePlatform.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        if (platform != null) platformAt = sp = b.padded(sp, platform.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        sp &= ~15L;
        sp -= 16;
        long randomAt = sp;
        b.put(randomAt, random);
        long[][] auxv = {
            {AT_PHDR, aux.phdr()}, {AT_PHENT, aux.phent()}, {AT_PHNUM, aux.phnum()}, {AT_PAGESZ, PAGE_SIZE}, {AT_BASE, 0},
            {AT_FLAGS, 0}, {AT_ENTRY, aux.entry()}, {AT_UID, aux.uid()}, {AT_EUID, aux.euid()}, {AT_GID, aux.gid()},
            {AT_EGID, aux.egid()}, {AT_HWCAP, aux.hwcap()}, {AT_CLKTCK, aux.clockTicks()}, {AT_RANDOM, randomAt},
            {AT_SECURE, aux.secure()}, {AT_EXECFN, execFnAt},
        };
        int pairs = auxv.length + 1 + (basePlatform != null ? 1 : 0) + (platform != null ? 1 : 0);
        long words = 2L * pairs + 1 + argv.size() + 1 + envp.size() + 1;
        sp = (sp - 8 * words) & ~15L;
        long w = sp;
        w = b.word(w, argv.size());
        for (long a : argAt) w = b.word(w, a);
        w = b.word(w, 0);
        for (long e : envAt) w = b.word(w, e);
        w = b.word(w, 0);
        for (long[] a : auxv) w = b.word(b.word(w, a[0]), a[1]);
        if (basePlatform != null) w = b.word(b.word(w, AT_BASE_PLATFORM), basePlatformAt);
        if (platform != null) w = b.word(b.word(w, AT_PLATFORM), platformAt);
        b.word(b.word(w, AT_NULL), 0);
        return new InitialStack(top, sp, b.bytes(sp));
    }

    /** The initial stack pointer (16-byte aligned; it points at argc). */
    public long stackPointer() {
        return stackPointer;
    }

    /** The top of the stack (exclusive). */
    public long top() {
        return top;
    }

    /** The stack's bytes from {@link #stackPointer()} up to {@link #top()}. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Writes bytes downwards from a top, checking the size limit. */
    private static final class Builder {
        private final long top;
        private final int max;
        private final ByteBuffer buf;

        Builder(long top, int max) {
            this.top = top;
            this.max = max;
            this.buf = ByteBuffer.allocate(max).order(ByteOrder.LITTLE_ENDIAN);
        }

        private int index(long address, int length) {
            long i = max - (top - address);
            if (i < 0) throw new IllegalArgumentException("the initial stack exceeds " + max + " bytes");
            return (int) i;
        }

        /** A NUL-terminated string right below {@code p}; returns its address. */
        long string(long p, byte[] s) {
            long at = p - s.length - 1;
            put(at, s);
            put(at + s.length, new byte[1]);
            return at;
        }

        /** A NUL-terminated string in a multiple of 8 bytes below {@code p}; returns its address. */
        long padded(long p, byte[] s) {
            long at = p - ((s.length + 1 + 7) & ~7L);
            put(at, s);
            return at;
        }

        void put(long at, byte[] data) {
            buf.put(index(at, data.length), data);
        }

        long word(long at, long value) {
            buf.putLong(index(at, 8), value);
            return at + 8;
        }

        byte[] bytes(long from) {
            byte[] out = new byte[(int) (top - from)];
            buf.get(index(from, out.length), out);
            return out;
        }
    }
}
