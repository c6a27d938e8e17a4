package l4.arch.mips.cpu;

/**
 * What an MMU model shares with the guest CPU's host caches as plain fields, so that a run reads
 * and writes them without a call: the generation of the TLB's translations and the TLB hits the
 * host caches took. The model owns the object and reads {@link #hits} whenever it needs the state
 * those hits change (the R4x00 Random register, its hit counter), so its results are the same as
 * if each hit had been reported to it when it happened.
 */
public final class TlbCounters {
    /** Changes whenever a translation given out before may no longer be what the MMU would give. */
    public long generation;
    /** Every TLB hit taken through a host cache, from the start; only ever increased, by the CPU. */
    public long hits;
}
