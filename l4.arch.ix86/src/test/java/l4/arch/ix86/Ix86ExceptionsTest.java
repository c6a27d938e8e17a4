package l4.arch.ix86;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import l4.api.L4;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.KernelConfig;
import l4.kernel.testarch.TestMachine;
import org.junit.jupiter.api.Test;

/** The exceptions a Java user program can raise, on ix86: int3 is vector 3; unaligned words and the FPU just work. */
class Ix86ExceptionsTest {
    static final long TABLE = 0x50000;
    static final long STACK_TOP = 0x60000;
    static final long DATA = 0x30000;

    private static TestMachine machine() {
        return new TestMachine(new Ix86Architecture(), new KernelConfig());
    }

    @Test
    void breakpointIsReflectedThroughVectorThree() throws Exception {
        AtomicLong frameEip = new AtomicLong(-1);
        AtomicLong handlerSp = new AtomicLong(-1);
        ThreadBody handler = x -> {
            long sp = x.stackPointer();
            frameEip.set(x.memory().readWord(sp));
            handlerSp.set(sp);
            x.receive(ThreadId.INVALID, Timeout.NEVER);
        };
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                long breaking = l4.codeAddress(L4::breakpoint);
                for (int v = 0; v < 16; v++) l4.memory().writeWord(TABLE + 4L * v, 0);
                l4.memory().writeWord(TABLE + 4L * Ix86ExceptionModel.BREAKPOINT, l4.codeAddress(handler));
                l4.memory().writeWord(STACK_TOP - 4, 0); // touch the stack page
                ThreadBody worker = x -> {
                    x.loadVectorTable(TABLE, 16);
                    x.lthreadExRegs(x.myself().lthread(), breaking, -1, ThreadId.INVALID, ThreadId.INVALID);
                };
                l4.lthreadExRegs(1, l4.codeAddress(worker), STACK_TOP, ThreadId.INVALID, ThreadId.INVALID);
                for (int i = 0; i < 50 && handlerSp.get() < 0; i++) l4.sleep(1000);
                assertEquals(STACK_TOP - 12, handlerSp.get(), "EFLAGS, CS, EIP pushed, no error code");
                assertEquals(breaking, frameEip.get());
            });
        }
    }

    @Test
    void unalignedWordsAndTheFpuRaiseNothing() throws Exception {
        try (TestMachine m = machine()) {
            m.run(l4 -> {
                l4.memory().writeWord(DATA + 2, 0x11223344L);
                assertEquals(0x11223344L, l4.memory().readWord(DATA + 2));
                l4.coprocessor(1);
                assertEquals(0, m.kernel.stats.exceptions);
            });
        }
    }
}
