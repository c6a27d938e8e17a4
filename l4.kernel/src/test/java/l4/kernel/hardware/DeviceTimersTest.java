package l4.kernel.hardware;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import l4.hardware.DeviceTimer;
import org.junit.jupiter.api.Test;

class DeviceTimersTest {
    @Test
    void eventsRunInCycleOrderThenSchedulingOrderAndMayScheduleMore() {
        DeviceTimers t = new DeviceTimers();
        List<String> ran = new ArrayList<>();
        t.schedule(200, () -> ran.add("b"));
        t.schedule(100, () -> {
            ran.add("a");
            t.schedule(150, () -> ran.add("a2")); // already due at 300: runs in the same pass
        });
        t.schedule(200, () -> ran.add("c"));
        DeviceTimer late = t.schedule(400, () -> ran.add("late"));
        assertEquals(100, t.next());
        assertFalse(t.due(99));
        t.runDue(300, e -> fail(e));
        assertEquals(List.of("a", "a2", "b", "c"), ran);
        assertTrue(late.pending());
        late.cancel();
        assertEquals(Long.MAX_VALUE, t.next(), "a cancelled event is no reason to wake up");
        t.runDue(1000, e -> fail(e));
        assertEquals(4, ran.size());
    }

    @Test
    void aFailingActionIsReportedAndTheOthersRun() {
        DeviceTimers t = new DeviceTimers();
        List<RuntimeException> failures = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        t.schedule(1, () -> { throw new IllegalStateException("model bug"); });
        t.schedule(2, () -> ran.add("ok"));
        t.runDue(10, failures::add);
        assertEquals(1, failures.size());
        assertEquals(List.of("ok"), ran);
    }
}
