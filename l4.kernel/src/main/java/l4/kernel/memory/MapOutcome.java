package l4.kernel.memory;

/**
 * What one map or grant did, for the m bit and the trace.
 *
 * @param mapped     pages mapped (new child mappings, including same-frame rights updates)
 * @param granted    pages whose mapping moved from the sender to the receiver
 * @param skipped    pages the sender had mapped that were left alone (mapping onto itself, a grant or
 *                   map that would make a mapping its own ancestor, overmapping one of σ0's roots)
 * @param flushed    receiver pages removed by overmapping a different frame, with all derived from them
 * @param downgraded derived pages made read-only because a same-frame update lowered the rights
 */
public record MapOutcome(int mapped, int granted, int skipped, int flushed, int downgraded) {
    public static final MapOutcome NONE = new MapOutcome(0, 0, 0, 0, 0);

    /** Pages now present in the receiver because of this operation. */
    public int transferred() { return mapped + granted; }
}
