package l4.sigma0;

import l4.api.Fpage;
import l4.api.IpcDescriptor;

/** A reply: either one 4 KiB fpage item (hot spot, fpage) or the null reply (no items). */
record Sigma0Reply(long sendDescriptor, long hotSpot, Fpage fpage) {
    static final Sigma0Reply NULL = new Sigma0Reply(IpcDescriptor.registers(), 0, Fpage.NIL);

    static Sigma0Reply map(long page, boolean writable) {
        return new Sigma0Reply(IpcDescriptor.MAP, page, Fpage.of(page, 12, writable));
    }

    boolean isNull() {
        return fpage.isNil();
    }

    /** The register words: w0 = hot spot, w1 = fpage (both 0 for the null reply). */
    long[] words() {
        return isNull() ? new long[] {0, 0} : new long[] {hotSpot, fpage.encode()};
    }

    @Override
    public String toString() {
        return isNull() ? "null reply" : String.format("map %s at 0x%x", fpage, hotSpot);
    }
}
