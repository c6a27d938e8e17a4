package l4.kernel.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three-list calendar queue of wakeups as a unit. */
class WakeupQueueTest {
    record T(long order) implements Schedulable {
        @Override public int priority() { return 0; }
        @Override public boolean runnable() { return false; }
    }

    static List<Long> ids(List<T> ts) {
        List<Long> r = new ArrayList<>();
        for (T t : ts) r.add(t.order());
        return r;
    }

    @Test
    void entriesLandByDistance() {
        WakeupQueue<T> q = new WakeupQueue<>();
        q.add(new T(1), 5, 0);     // before tick 16: soon
        q.add(new T(2), 15, 0);    // still soon
        q.add(new T(3), 16, 0);    // late
        q.add(new T(4), 1023, 0);  // late
        q.add(new T(5), 1024, 0);  // late-late
        assertEquals(2, q.soonSize());
        assertEquals(2, q.lateSize());
        assertEquals(1, q.lateLateSize());
        assertEquals(5, q.size());
        assertEquals(5, q.earliest());
    }

    @Test
    void listsMigrateEvery16And1024TicksAndEntriesExpireExactlyAtTheirTick() {
        WakeupQueue<T> q = new WakeupQueue<>();
        T a = new T(1), b = new T(2), c = new T(3);
        q.add(a, 20, 0);    // late, moves to soon at tick 16
        q.add(b, 1030, 0);  // late-late, to late at 1024, to soon at 1024 too (its 16-tick window)
        q.add(c, 2100, 0);  // late-late until 2048
        for (long t = 1; t < 16; t++) assertTrue(q.expire(t).isEmpty(), "tick " + t);
        assertEquals(1, q.lateSize());
        assertTrue(q.expire(16).isEmpty());
        assertEquals(1, q.soonSize(), "a moved into soon at tick 16");
        assertEquals(0, q.lateSize());
        for (long t = 17; t < 20; t++) assertTrue(q.expire(t).isEmpty(), "never earlier: tick " + t);
        assertEquals(List.of(1L), ids(q.expire(20)));
        assertFalse(q.armed(a));
        for (long t = 21; t < 1024; t++) assertTrue(q.expire(t).isEmpty(), "tick " + t);
        assertEquals(2, q.lateLateSize());
        q.expire(1024);
        assertEquals(1, q.lateLateSize(), "c stays late-late");
        assertEquals(1, q.soonSize(), "b moved down to soon");
        for (long t = 1025; t < 1030; t++) assertTrue(q.expire(t).isEmpty(), "tick " + t);
        assertEquals(List.of(2L), ids(q.expire(1030)));
        for (long t = 1031; t < 2100; t++) assertTrue(q.expire(t).isEmpty(), "tick " + t);
        assertEquals(List.of(3L), ids(q.expire(2100)));
        assertEquals(0, q.size());
    }

    @Test
    void dueEntriesComeInDeadlineThenIdOrder() {
        WakeupQueue<T> q = new WakeupQueue<>();
        q.add(new T(9), 3, 0);
        q.add(new T(4), 3, 0);
        q.add(new T(7), 2, 0);
        q.add(new T(1), 4, 0);
        assertTrue(q.expire(1).isEmpty());
        assertEquals(List.of(7L), ids(q.expire(2)));
        // skipped tick 3: at 4 everything due comes, oldest deadline first, then by id
        assertEquals(List.of(4L, 9L, 1L), ids(q.expire(4)));
    }

    @Test
    void rearmingReplacesAndRemoveDisarms() {
        WakeupQueue<T> q = new WakeupQueue<>();
        T a = new T(1);
        q.add(a, 3000, 0);
        assertEquals(1, q.lateLateSize());
        q.add(a, 5, 0);
        assertEquals(1, q.size());
        assertEquals(1, q.soonSize());
        assertEquals(0, q.lateLateSize());
        assertEquals(5, q.deadline(a));
        assertTrue(q.remove(a));
        assertFalse(q.remove(a));
        assertEquals(-1, q.deadline(a));
        assertTrue(q.expire(5).isEmpty());
    }

    @Test
    void refileAfterASkipFilesEntriesRelativeToTheNewTick() {
        WakeupQueue<T> q = new WakeupQueue<>();
        T a = new T(1), b = new T(2), c = new T(3);
        q.add(a, 5000, 0);   // late-late
        q.add(b, 5010, 0);   // late-late
        q.add(c, 7000, 0);   // late-late
        // the clock skipped (idle) to tick 4999: no migration tick was handled
        q.refile(4999);
        assertEquals(1, q.soonSize(), "a: before the next 16-tick boundary (5008)");
        assertEquals(1, q.lateSize(), "b: before the next 1024-tick boundary (5120)");
        assertEquals(1, q.lateLateSize(), "c");
        assertEquals(List.of(1L), ids(q.expire(5000)));
        for (long t = 5001; t < 5010; t++) assertTrue(q.expire(t).isEmpty(), "tick " + t);
        assertEquals(List.of(2L), ids(q.expire(5010)));
        for (long t = 5011; t < 7000; t++) assertTrue(q.expire(t).isEmpty(), "tick " + t);
        assertEquals(List.of(3L), ids(q.expire(7000)));
    }
}
