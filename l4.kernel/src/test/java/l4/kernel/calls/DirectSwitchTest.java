package l4.kernel.calls;

import static l4.kernel.calls.Scenarios.machine;
import static l4.kernel.calls.Scenarios.start;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import l4.api.IpcResult;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.KernelConfig.SchedulerPolicy;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A call whose receive phase blocks runs the partner its message woke next, ahead of other ready threads of its priority. */
class DirectSwitchTest {

    @ParameterizedTest
    @EnumSource(SchedulerPolicy.class)
    void aCallSwitchesStraightToItsPartner(SchedulerPolicy p) throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        try (TestMachine m = machine(p)) {
            m.run(l4 -> {
                ThreadId server = start(l4, 1, x -> {
                    IpcResult r = x.waitAny(Timeout.NEVER);
                    while (true) {
                        order.add("server");
                        r = x.replyAndWait(r.source(), new long[] {r.word(0) + 1}, Timeout.NEVER);
                    }
                });
                l4.threadSwitch(server); // the server runs and waits for its first message
                start(l4, 2, x -> order.add("other")); // ready, same priority, queued before the server
                IpcResult r = l4.call(server, new long[] {41}, Timeout.NEVER);
                assertEquals(42, r.word(0));
                l4.sleep(1000);
            });
        }
        assertEquals(List.of("server", "other"), order);
    }
}
