package l4.spi;

/** The result of an MMU lookup: a physical address or the reason the access faulted. */
public final class Translation {
    public enum Fault { NONE, NOT_MAPPED, WRITE_PROTECTED }

    private static final Translation NOT_MAPPED = new Translation(Fault.NOT_MAPPED, 0, false);
    private static final Translation WRITE_PROTECTED = new Translation(Fault.WRITE_PROTECTED, 0, false);

    private final Fault fault;
    private final long physical;
    private final boolean uncached;

    private Translation(Fault fault, long physical, boolean uncached) {
        this.fault = fault;
        this.physical = physical;
        this.uncached = uncached;
    }

    public static Translation ok(long physical, boolean uncached) { return new Translation(Fault.NONE, physical, uncached); }
    public static Translation notMapped() { return NOT_MAPPED; }
    public static Translation writeProtected() { return WRITE_PROTECTED; }

    public boolean ok() { return fault == Fault.NONE; }
    public Fault fault() { return fault; }
    public long physical() { return physical; }
    public boolean uncached() { return uncached; }
}
