package l4.kernel.object;

import l4.spi.RegisterFile;

/**
 * A thread's IPC message words as a typed view over its register file: word i is the register the
 * ABI names for it ({@code SyscallAbi.messageWordRegister}), the same in both directions. The
 * registers are the message: a sender's words stay in its registers until its send phase ends,
 * and the transfer copies them once, straight into the receiver's (as Pistachio's
 * {@code copy_mrs} copies the message registers and seL4's {@code copyMRs} the physical ones).
 */
public final class MessageRegisters {
    private final RegisterFile regs;
    /** The register file's array when its word registers are plain elements, else {@code null}: through get and set. */
    private final long[] plain;
    private final int[] index;
    private final long wordMask;

    /** {@code index}: the register of each word (shared by every thread of a machine, never changed). */
    public MessageRegisters(RegisterFile regs, int[] index, long wordMask) {
        this.regs = regs;
        this.plain = regs.plainRegisters();
        this.index = index;
        this.wordMask = wordMask;
    }

    public int count() { return index.length; }

    /**
     * Word {@code i} as a machine word: on a 32-bit machine the high half of what a register
     * holds is not part of the message.
     */
    public long word(int i) { return regs.get(index[i]) & wordMask; }

    public void word(int i, long value) { regs.set(index[i], value); }

    /** The transfer's one copy: {@code from}'s words into these registers. */
    public void copyFrom(MessageRegisters from) {
        int[] to = index;
        int[] src = from.index;
        long[] d = plain;
        long[] s = from.plain;
        if (d != null && s != null) {
            for (int i = 0; i < to.length; i++) d[to[i]] = s[src[i]] & wordMask;
            return;
        }
        for (int i = 0; i < to.length; i++) regs.set(to[i], from.regs.get(src[i]) & wordMask);
    }

    /** A message of the kernel's own ({@code null}: none): its words, and zeros for those it lacks. */
    public void copyFrom(long[] words) {
        int[] to = index;
        int n = words == null ? 0 : Math.min(words.length, to.length);
        long[] d = plain;
        if (d != null) {
            for (int i = 0; i < n; i++) d[to[i]] = words[i] & wordMask;
            for (int i = n; i < to.length; i++) d[to[i]] = 0L;
            return;
        }
        for (int i = 0; i < n; i++) regs.set(to[i], words[i]);
        for (int i = n; i < to.length; i++) regs.set(to[i], 0L);
    }

    /** The words into {@code into} (at least {@link #count} long). */
    public void copyTo(long[] into) {
        int[] from = index;
        long[] s = plain;
        if (s != null) {
            for (int i = 0; i < from.length; i++) into[i] = s[from[i]] & wordMask;
            return;
        }
        for (int i = 0; i < from.length; i++) into[i] = regs.get(from[i]) & wordMask;
    }
}
