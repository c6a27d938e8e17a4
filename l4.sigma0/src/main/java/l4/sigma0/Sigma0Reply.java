package l4.sigma0;

import l4.api.Fpage;
import l4.api.IoFpage;
import l4.api.IpcDescriptor;

/**
 * A reply: either one map item (hot spot, fpage word: a 4 KiB fpage or an ix86 I/O fpage) or the
 * null reply (no items). {@code clearFirst}: σ0 zeroes the frame before it sends the map item.
 */
record Sigma0Reply(long sendDescriptor, long hotSpot, long fpageWord, boolean clearFirst) {
    static final Sigma0Reply NULL = new Sigma0Reply(IpcDescriptor.registers(), 0, 0, false);

    static Sigma0Reply map(long page, boolean writable) {
        return new Sigma0Reply(IpcDescriptor.MAP, page, Fpage.of(page, 12, writable).encode(), false);
    }

    /** A RAM frame that an earlier incarnation of the asking task had: zeroed, then mapped writable. */
    static Sigma0Reply clearAndMap(long page) {
        return new Sigma0Reply(IpcDescriptor.MAP, page, Fpage.of(page, 12, true).encode(), true);
    }

    /** ix86: the ports of {@code io}; the hot spot does not matter for I/O fpages and is 0. */
    static Sigma0Reply io(IoFpage io) {
        return new Sigma0Reply(IpcDescriptor.MAP, 0, io.encode(), false);
    }

    boolean isNull() {
        return fpageWord == 0;
    }

    /** The register words: w0 = hot spot, w1 = fpage word (both 0 for the null reply). */
    long[] words() {
        return isNull() ? new long[] {0, 0} : new long[] {hotSpot, fpageWord};
    }

    @Override
    public String toString() {
        if (isNull()) return "null reply";
        if (IoFpage.isIoFpage(fpageWord) && !IoFpage.decode(fpageWord).isNil()) return "map " + IoFpage.decode(fpageWord);
        return String.format("%smap %s at 0x%x", clearFirst ? "clear and " : "", Fpage.decode(fpageWord), hotSpot);
    }
}
