package l4.kernel.calls;

import l4.api.L4;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.KernelConfig;
import l4.kernel.testarch.TestArchitecture;
import l4.kernel.testarch.TestMachine;

/** Shared helpers of the system-call tests. */
final class Scenarios {
    static final ThreadId SIGMA0 = ThreadId.of(0, 0, 1, 0, 0);

    private Scenarios() {}

    static TestMachine machine(KernelConfig.SchedulerPolicy policy) {
        KernelConfig c = new KernelConfig();
        c.scheduler = policy;
        return new TestMachine(new TestArchitecture(), c);
    }

    /** Starts lthread {@code n} of the caller's task at {@code body} (inherits pager, excepter, priority). */
    static ThreadId start(L4 l4, int n, ThreadBody body) {
        l4.lthreadExRegs(n, l4.codeAddress(body), 0, ThreadId.INVALID, ThreadId.INVALID);
        return l4.myself().withLthread(n);
    }

    /** Creates task number {@code task} with σ0 as pager, running {@code body}. */
    static ThreadId task(L4 l4, int task, ThreadBody body) {
        return l4.taskNew(ThreadId.of(0, 0, task, 0, 1), 255, 0, l4.codeAddress(body), SIGMA0, ThreadId.NIL);
    }

    /** A body that blocks forever without ever accepting a message. */
    static final ThreadBody BLOCK = l4 -> {
        while (true) l4.receive(ThreadId.INVALID, Timeout.NEVER);
    };
}
