package l4.kernel.calls;

import static l4.kernel.calls.Scenarios.BLOCK;
import static l4.kernel.calls.Scenarios.SIGMA0;
import static l4.kernel.calls.Scenarios.machine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import l4.api.IpcError;
import l4.api.Nearest;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.KernelConfig.SchedulerPolicy;
import l4.kernel.shell.PingPong;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.api.Test;

/**
 * Task numbers are reused and every incarnation has a version of its own (reference §10.14,
 * issue 10 item 3): task_new of a number, active or inactive, gives the next version whatever
 * version its dest argument names, and ids of earlier incarnations no longer reach the task.
 * Numbers the kernel debugger (for the root task) starts and kills go back to the root task.
 */
class TaskNumbersTest {

    @Test
    void taskNewOfAnActiveNumberGivesTheNextVersionAndStrandsTheOldIds() throws Exception {
        try (TestMachine m = machine(SchedulerPolicy.LAZY)) {
            m.run(l4 -> {
                ThreadId v1 = l4.taskNew(ThreadId.of(0, 0, 0x120, 0, 1), 255, 0, l4.codeAddress(TasksAndClansTest.ECHO), SIGMA0, ThreadId.NIL);
                assertEquals(1, v1.version());
                assertEquals(2, l4.call(v1, new long[] {1}, Timeout.NEVER).word(0));
                // dest names version 1 again (the id just returned): the result is version 2 all the same
                ThreadId v2 = l4.taskNew(v1, 255, 0, l4.codeAddress(TasksAndClansTest.ECHO), SIGMA0, ThreadId.NIL);
                assertEquals(2, v2.version());
                assertEquals(v1.task(), v2.task());
                assertEquals(IpcError.NON_EXISTENT, l4.send(v1, new long[] {1}, Timeout.NEVER).error(), "old id: 0x10");
                assertEquals(IpcError.NON_EXISTENT, l4.send(v1.withLthread(5), new long[] {1}, Timeout.NEVER).error());
                assertEquals(Nearest.OUTER_CLAN, l4.idNearest(v1).type(), "id_nearest of a stale id: as outside the clan");
                assertEquals(3, l4.call(v2, new long[] {2}, Timeout.NEVER).word(0));
                // dest names a far higher version: still just the next one
                ThreadId v3 = l4.taskNew(ThreadId.of(0, 0, 0x120, 0, 77), 255, 0, l4.codeAddress(TasksAndClansTest.ECHO), SIGMA0, ThreadId.NIL);
                assertEquals(3, v3.version());
                assertEquals(IpcError.NON_EXISTENT, l4.send(v2, new long[] {1}, Timeout.NEVER).error());
            });
        }
    }

    @Test
    void taskNewOfAnInactiveNumberGivesTheNextVersionToo() throws Exception {
        try (TestMachine m = machine(SchedulerPolicy.LAZY)) {
            m.run(l4 -> {
                ThreadId me = l4.myself();
                ThreadId a = l4.taskNew(ThreadId.of(0, 0, 0x121, 0, 1), 255, 0, l4.codeAddress(BLOCK), SIGMA0, ThreadId.NIL);
                assertEquals(1, a.version());
                // kill to an inactive task owned by the caller: a new version
                ThreadId inactive = l4.taskNew(a, me.raw(), 0, 0, ThreadId.NIL, ThreadId.NIL);
                assertFalse(inactive.isNil());
                assertEquals(2, inactive.version());
                assertEquals(IpcError.NON_EXISTENT, l4.send(a, new long[0], Timeout.NEVER).error());
                assertEquals(IpcError.NON_EXISTENT, l4.send(inactive, new long[0], Timeout.NEVER).error());
                // and active again from there: the next one
                ThreadId b = l4.taskNew(inactive, 255, 0, l4.codeAddress(TasksAndClansTest.ECHO), SIGMA0, ThreadId.NIL);
                assertEquals(3, b.version());
                assertEquals(11, l4.call(b, new long[] {10}, Timeout.NEVER).word(0));
                assertEquals(IpcError.NON_EXISTENT, l4.send(a, new long[0], Timeout.NEVER).error(), "the first incarnation's id");
                assertEquals(IpcError.NON_EXISTENT, l4.send(inactive, new long[0], Timeout.NEVER).error(), "the inactive one's id");
            });
        }
    }

    @Test
    void launchedAndKilledTasksGiveTheirNumbersBack() throws Exception {
        try (TestMachine m = machine(SchedulerPolicy.LAZY)) {
            m.kernel.awaitQuiescent(5000);
            Set<Integer> numbers = new HashSet<>();
            ThreadId previous = null;
            // more launches than there are task numbers
            for (int i = 0; i < ThreadId.MAX_TASKS + 100; i++) {
                ThreadId id = m.kernel.inspect(() -> m.kernel.launch("reuse", BLOCK, 100), 5000);
                numbers.add(id.task());
                if (previous != null && previous.task() == id.task()) {
                    assertNotEquals(previous.version(), id.version(), "a reused number has a new version");
                }
                previous = id;
                ThreadId dead = id;
                m.kernel.inspect(() -> {
                    m.kernel.kill(dead);
                    return null;
                }, 5000);
            }
            assertTrue(numbers.size() <= 2, "numbers reused, not used up: " + numbers);
        }
    }

    /**
     * A kill from the shell runs in kernel context at the next preemption point, which may be on
     * the host of the very thread it kills: the CPU must go on elsewhere (it hung there once,
     * the killed thread left as the CPU's holder).
     */
    @Test
    void killingTheTaskThatHoldsTheCpuLeavesTheMachineRunning() throws Exception {
        try (TestMachine m = machine(SchedulerPolicy.LAZY)) {
            m.kernel.awaitQuiescent(5000);
            l4.api.ThreadBody spin = l4 -> {
                while (true) l4.compute(1000);
            };
            for (int i = 0; i < 20; i++) {
                ThreadId id = m.kernel.inspect(() -> m.kernel.launch("spin", spin, 100), 5000);
                m.kernel.inspect(() -> {
                    m.kernel.kill(id);
                    return null;
                }, 5000);
                assertEquals(Boolean.FALSE, m.kernel.inspect(() -> m.kernel.task(id.task()).active, 5000), "run " + i);
            }
        }
    }

    @Test
    void eleventHundredPingPongsDoNotRunOutOfTaskNumbers() throws Exception {
        try (TestMachine m = machine(SchedulerPolicy.LAZY)) {
            for (int i = 0; i < 1100; i++) {
                PingPong.Result r = PingPong.run(m.kernel, 1, 0, false, 100, 10_000);
                assertEquals(1, r.rounds(), "run " + i);
            }
            int active = m.kernel.inspect(() -> {
                int n = 0;
                for (int t = 3; t < ThreadId.MAX_TASKS; t++) if (m.kernel.task(t).active) n++;
                return n;
            }, 5000);
            assertEquals(0, active, "every task a pingpong started is gone");
        }
    }
}
