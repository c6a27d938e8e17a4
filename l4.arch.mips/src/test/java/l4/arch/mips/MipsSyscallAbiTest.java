package l4.arch.mips;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import l4.kernel.testarch.PlainRegistersCheck;
import l4.spi.RegisterFile;
import l4.spi.Syscall;
import l4.spi.SyscallAbi;

class MipsSyscallAbiTest {
    private final SyscallAbi abi = new MipsArchitecture().abi();

    /** Distinct 64-bit patterns using all bits, so a swapped or truncated register shows. */
    private static long[] pattern(int n, long salt) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = 0x8123_4567_89AB_CDEFL * (i + 1) ^ (salt << 40) ^ i;
        return v;
    }

    private int reg(RegisterFile regs, String name) {
        for (int i = 0; i < regs.count(); i++) {
            if (regs.name(i).equals(name)) return i;
        }
        throw new AssertionError("no register " + name);
    }

    @Test
    void argumentsRoundTripForEveryCall() {
        for (Syscall call : Syscall.values()) {
            long[] args = pattern(call.inCount(8), call.ordinal() + 1);
            RegisterFile regs = abi.newRegisterFile();
            abi.writeArguments(call, args, regs);
            assertArrayEquals(args, abi.readArguments(call, regs), call.name());
            assertEquals(abi.trapNumber(call), regs.get(reg(regs, "at")), call + ": number in AT");
        }
    }

    @Test
    void resultsRoundTripForEveryCall() {
        for (Syscall call : Syscall.values()) {
            long[] results = pattern(call.outCount(8), call.ordinal() + 11);
            if (call == Syscall.THREAD_SCHEDULE) {
                results[3] = 0x0000_7FFF_0123_4567L; // CPU time fits 48 bits
                results[4] = 1000;                   // wakeup exactly encodable: 250·4 µs
            }
            if (call == Syscall.LTHREAD_EX_REGS) results[4] = 0; // MIPS has no flags
            RegisterFile regs = abi.newRegisterFile();
            abi.writeResults(call, results, regs);
            assertArrayEquals(results, abi.readResults(call, regs), call.name());
        }
    }

    @Test
    void ipcUsesTheL4MipsRegisters() {
        RegisterFile regs = abi.newRegisterFile();
        long[] args = {0x10, 0x21, 0x32, 0x1002000000060001L, 0x1002000000060401L, 0x55,
            100, 101, 102, 103, 104, 105, 106, 107};
        abi.writeArguments(Syscall.IPC, args, regs);
        assertEquals(0x10, regs.get(reg(regs, "a0")));
        assertEquals(0x21, regs.get(reg(regs, "a1")));
        assertEquals(0x32, regs.get(reg(regs, "a2")));
        assertEquals(0, regs.get(reg(regs, "a3")));
        assertEquals(0x1002000000060001L, regs.get(reg(regs, "a4")));
        assertEquals(0x1002000000060401L, regs.get(reg(regs, "a5")));
        assertEquals(0x55, regs.get(reg(regs, "a6")));
        for (int i = 0; i < 8; i++) assertEquals(100 + i, regs.get(reg(regs, "s" + i)));
        assertEquals(8, reg(regs, "a4"), "a4 is $8 in the L4/MIPS (MIPSpro 64-bit) numbering");
        assertEquals(16, reg(regs, "s0"));

        RegisterFile out = abi.newRegisterFile();
        long[] results = {0x2000, 0x20000, 0x1002000000060001L, 7, 6, 5, 4, 3, 2, 1, 0};
        abi.writeResults(Syscall.IPC, results, out);
        assertEquals(0x2000, out.get(reg(out, "v0")));
        assertEquals(0x20000, out.get(reg(out, "v1")));
        assertEquals(0x1002000000060001L, out.get(reg(out, "a4")));
        assertEquals(7, out.get(reg(out, "s0")));
        assertEquals(0, out.get(reg(out, "s7")));
    }

    @Test
    void taskNewAndExRegsFollowTheKernelEntryPoints() {
        RegisterFile regs = abi.newRegisterFile();
        // dest, mcp_or_chief, sp, ip, pager, excepter
        abi.writeArguments(Syscall.TASK_NEW, new long[] {0xD, 0xC, 0x5, 0x1, 0xA, 0xE}, regs);
        assertEquals(0x1, regs.get(reg(regs, "a0")));  // ip
        assertEquals(0xA, regs.get(reg(regs, "a1")));  // pager
        assertEquals(0x5, regs.get(reg(regs, "a2")));  // sp
        assertEquals(0xD, regs.get(reg(regs, "a3")));  // task id
        assertEquals(0xC, regs.get(reg(regs, "a4")));  // mcp / new chief
        assertEquals(0xE, regs.get(reg(regs, "a5")));  // excepter

        RegisterFile ex = abi.newRegisterFile();
        // lthread, ip, sp, pager, excepter
        abi.writeArguments(Syscall.LTHREAD_EX_REGS, new long[] {3, 0x400, 0x800, 0xAA, 0xEE}, ex);
        assertEquals(3, ex.get(reg(ex, "a0")));
        assertEquals(0x400, ex.get(reg(ex, "a1")));
        assertEquals(0x800, ex.get(reg(ex, "a2")));
        assertEquals(0xEE, ex.get(reg(ex, "a3")));
        assertEquals(0xAA, ex.get(reg(ex, "a4")));
    }

    @Test
    void exRegsCarriesNoFlags() {
        RegisterFile regs = abi.newRegisterFile();
        abi.writeResults(Syscall.LTHREAD_EX_REGS, new long[] {1, 2, 3, 4, 0x246}, regs);
        assertArrayEquals(new long[] {1, 2, 3, 4, 0}, abi.readResults(Syscall.LTHREAD_EX_REGS, regs));
    }

    @Test
    void threadSchedulePacksCpuTimeAndWakeupIntoV0() {
        RegisterFile regs = abi.newRegisterFile();
        abi.writeResults(Syscall.THREAD_SCHEDULE, new long[] {0x1234, 0x20000, 0x60000, 0x1234_5678_9ABC_DEF0L, 1000}, regs);
        long v0 = regs.get(reg(regs, "v0"));
        assertEquals(0x5678_9ABC_DEF0L, v0 & 0xFFFF_FFFF_FFFFL);
        assertEquals(250, v0 >>> 56);                 // m
        assertEquals(14, (v0 >>> 52) & 0xF);          // e: 250·4^(15-14) = 1000 µs
        long[] r = abi.readResults(Syscall.THREAD_SCHEDULE, regs);
        assertEquals(0x5678_9ABC_DEF0L, r[3]);        // truncated to 48 bits
        assertEquals(1000, r[4]);
        assertEquals(0x1234, regs.get(reg(regs, "a1")));
        assertEquals(0x20000, regs.get(reg(regs, "a2")));
        assertEquals(0x60000, regs.get(reg(regs, "a3")));

        assertEquals(1004, wakeupRoundTrip(1001));    // rounded up to 251·4
        assertEquals(-1, wakeupRoundTrip(-1));        // none pending (e = 0)
        assertEquals(0, wakeupRoundTrip(0));
        assertEquals(255, wakeupRoundTrip(255));
        assertEquals(4096, wakeupRoundTrip(4091));   // m ≤ 255 first fits at e = 12: 64·4^3
        assertEquals(255L << 28, wakeupRoundTrip(Long.MAX_VALUE)); // saturates
    }

    private long wakeupRoundTrip(long micros) {
        RegisterFile regs = abi.newRegisterFile();
        abi.writeResults(Syscall.THREAD_SCHEDULE, new long[] {0, 0, 0, 0, micros}, regs);
        return abi.readResults(Syscall.THREAD_SCHEDULE, regs)[4];
    }

    @Test
    void trapNumbersAndUnknownTraps() {
        assertEquals(0, abi.trapNumber(Syscall.IPC));
        assertEquals(1, abi.trapNumber(Syscall.FPAGE_UNMAP));
        assertEquals(2, abi.trapNumber(Syscall.ID_NEAREST));
        assertEquals(4, abi.trapNumber(Syscall.THREAD_SWITCH));
        assertEquals(5, abi.trapNumber(Syscall.THREAD_SCHEDULE));
        assertEquals(6, abi.trapNumber(Syscall.LTHREAD_EX_REGS));
        assertEquals(7, abi.trapNumber(Syscall.TASK_NEW));
        for (Syscall s : Syscall.values()) assertEquals(s, abi.decodeTrap(abi.trapNumber(s)));
        assertNull(abi.decodeTrap(3));
        assertNull(abi.decodeTrap(8));
        assertNull(abi.decodeTrap(-1));
        assertNull(abi.decodeTrap(0x30));
    }

    @Test
    void missingWordsAreZeroAndExtraValuesRejected() {
        RegisterFile regs = abi.newRegisterFile();
        for (int i = 0; i < 8; i++) regs.set(reg(regs, "s" + i), -1);
        abi.writeArguments(Syscall.IPC, new long[] {0, 0, 0, 5, 0, 0, 42}, regs); // one word only
        long[] back = abi.readArguments(Syscall.IPC, regs);
        assertEquals(42, back[Syscall.IPC_WORDS_IN]);
        for (int i = 1; i < 8; i++) assertEquals(0, back[Syscall.IPC_WORDS_IN + i]);
        assertThrows(IllegalArgumentException.class,
                () -> abi.writeArguments(Syscall.ID_NEAREST, new long[] {1, 2}, abi.newRegisterFile()));
    }

    @Test
    void registerFileBehavesLikeTheR4x00() {
        RegisterFile regs = abi.newRegisterFile();
        assertEquals(33, regs.count());
        assertEquals("zero", regs.name(0));
        regs.set(0, 99);
        assertEquals(0, regs.get(0));
        assertEquals("sp", regs.name(regs.sp()));
        assertEquals(29, regs.sp());
        assertEquals("pc", regs.name(regs.ip()));
        regs.set(regs.ip(), 0xFFFF_FFFF_8000_0000L);
        assertEquals(0xFFFF_FFFF_8000_0000L, regs.get(regs.ip())); // full 64 bits, no truncation
        assertThrows(IllegalArgumentException.class, () -> regs.get(33));
    }

    @Test
    void describeNamesTheRegisters() {
        String ipc = abi.describe(Syscall.IPC);
        assertTrue(ipc.contains("snd_desc=a0"), ipc);
        assertTrue(ipc.contains("dest=a4"), ipc);
        assertTrue(ipc.contains("rcv_from=a5"), ipc);
        assertTrue(ipc.contains("virtual_sender=a6"), ipc);
        assertTrue(ipc.contains("intended_dest=a4"), ipc);
        assertTrue(ipc.contains("s0..s7"), ipc);
        assertTrue(abi.describe(Syscall.THREAD_SCHEDULE).contains("cpu_time=v0[0:47]"));
        assertTrue(abi.describe(Syscall.LTHREAD_EX_REGS).contains("old_flags=0"));
        for (Syscall s : Syscall.values()) assertFalse(abi.describe(s).contains("\n"));
    }

    /** The IPC path's pieces (parameters, status, the word registers s0..s7 by index) agree with the whole lists. */
    @Test
    void ipcPiecesAgreeWithTheWholeLists() {
        RegisterFile names = abi.newRegisterFile();
        for (int w = 0; w < 8; w++) assertEquals(reg(names, "s" + w), abi.messageWordRegister(w));
        long[] args = pattern(Syscall.IPC.inCount(8), 3);
        RegisterFile pieces = abi.newRegisterFile();
        abi.writeIpcParameters(args, pieces);
        for (int w = 0; w < 8; w++) pieces.set(abi.messageWordRegister(w), args[Syscall.IPC_WORDS_IN + w]);
        assertArrayEquals(args, abi.readArguments(Syscall.IPC, pieces));
        assertEquals(abi.trapNumber(Syscall.IPC), pieces.get(reg(pieces, "at")));
        long[] params = abi.readIpcParameters(pieces, new long[Syscall.IPC_WORDS_IN]);
        for (int i = 0; i < Syscall.IPC_WORDS_IN; i++) assertEquals(args[i], params[i]);

        long[] results = pattern(Syscall.IPC.outCount(8), 4);
        RegisterFile out = abi.newRegisterFile();
        abi.writeIpcStatus(results[0], results[1], results[2], out);
        for (int w = 0; w < 8; w++) out.set(abi.messageWordRegister(w), results[Syscall.IPC_WORDS_OUT + w]);
        assertArrayEquals(results, abi.readResults(Syscall.IPC, out));
        long[] status = abi.readIpcStatus(out, new long[Syscall.IPC_WORDS_OUT]);
        for (int i = 0; i < Syscall.IPC_WORDS_OUT; i++) assertEquals(results[i], status[i]);
    }

    /** The SPI's promise for {@code plainRegisters}: each message-word register is a plain element, cut to 64 bits when set. */
    @Test
    void messageWordRegistersArePlainElements() {
        PlainRegistersCheck.messageWordsArePlainElements(abi, MipsSyscallAbi.MESSAGE_REGISTERS, -1L);
    }
}
