package l4.arch.mips;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import org.junit.jupiter.api.Test;

/**
 * The R4x00 Random register with the host caches' hits counted in {@link Tlb#counters} and folded
 * in when Random is read: the same value, the same refill slots and the same snapshots as a tick
 * per hit.
 */
class TlbRandomTest {

    private static Tlb.Entry entry(int asid, long pairBase) {
        Tlb.Half h = new Tlb.Half(true, 0x10_0000 + pairBase, true, false);
        return new Tlb.Entry(asid, pairBase, 12, h, h);
    }

    @Test
    void countedHitsGiveTheRandomOfATickPerHit() {
        Tlb ticked = new Tlb(R4x00.TLB_ENTRIES, 0);
        Tlb counted = new Tlb(R4x00.TLB_ENTRIES, 0);
        long[] runs = {0, 1, 5, 47, 48, 49, 96, 1000, 3, 12_345};
        for (int k = 0; k < runs.length; k++) {
            for (long i = 0; i < runs[k]; i++) ticked.tick();
            counted.counters.hits += runs[k];
            counted.tick(); // the model's own translation between two runs, as on a slow path
            ticked.tick();
            if (k % 3 == 0) { // a refill writes at Random: both pick the same slot
                assertEquals(ticked.refill(entry(1, 0x2000L * k)), counted.refill(entry(1, 0x2000L * k)), "refill after run " + k);
            }
            assertEquals(ticked.random(), counted.random(), "Random after run " + k);
        }
    }

    @Test
    void aSnapshotHoldsTheCountedHitsAndALoadStartsFromIt() throws IOException {
        Tlb counted = new Tlb(R4x00.TLB_ENTRIES, 0);
        counted.counters.hits += 30;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        counted.save(new DataOutputStream(bytes));

        Tlb ticked = new Tlb(R4x00.TLB_ENTRIES, 0);
        for (int i = 0; i < 30; i++) ticked.tick();
        Tlb loaded = new Tlb(R4x00.TLB_ENTRIES, 0);
        loaded.counters.hits = 1_000; // hits of the machine before the load are not the snapshot's
        loaded.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(ticked.random(), loaded.random());
        loaded.counters.hits += 7;
        for (int i = 0; i < 7; i++) ticked.tick();
        assertEquals(ticked.random(), loaded.random());
    }
}
