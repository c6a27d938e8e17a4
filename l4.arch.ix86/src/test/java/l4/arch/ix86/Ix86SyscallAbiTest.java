package l4.arch.ix86;

import static l4.arch.ix86.Ix86Registers.EAX;
import static l4.arch.ix86.Ix86Registers.EBP;
import static l4.arch.ix86.Ix86Registers.EBX;
import static l4.arch.ix86.Ix86Registers.ECX;
import static l4.arch.ix86.Ix86Registers.EDI;
import static l4.arch.ix86.Ix86Registers.EDX;
import static l4.arch.ix86.Ix86Registers.ESI;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import l4.api.IpcDescriptor;
import l4.api.ThreadId;
import l4.kernel.testarch.PlainRegistersCheck;
import l4.spi.RegisterFile;
import l4.spi.Syscall;

class Ix86SyscallAbiTest {
    private final Ix86SyscallAbi abi = new Ix86SyscallAbi();
    private final Random random = new Random(4711);

    private static final long SIGMA0 = 1L << 17;
    private static final long SOME_ID = 0x1002000000060001L; // nest 1, chief 1, task 3, version 1
    private static final long W32 = 0xFFFF_FFFFL;

    // What each parameter is on ix86: 'I' = 64-bit id (register pair), 'M' = 32-bit with all-ones marker,
    // 'W' = plain 32-bit word. Written independently of the implementation's table.
    private static String inKinds(Syscall c) {
        switch (c) {
            case IPC: return "MMWIIIWW";
            case FPAGE_UNMAP: return "WW";
            case ID_NEAREST: return "I";
            case THREAD_SWITCH: return "I";
            case THREAD_SCHEDULE: return "IMI";
            case LTHREAD_EX_REGS: return "WMMII";
            case TASK_NEW: return "IIMMII";
            default: throw new AssertionError();
        }
    }

    private static String outKinds(Syscall c) {
        switch (c) {
            case IPC: return "WIIWW";
            case FPAGE_UNMAP: return "";
            case ID_NEAREST: return "WI";
            case THREAD_SWITCH: return "";
            case THREAD_SCHEDULE: return "MIIII";
            case LTHREAD_EX_REGS: return "MMIIW";
            case TASK_NEW: return "I";
            default: throw new AssertionError();
        }
    }

    private long valueOf(char kind) {
        return kind == 'I' ? random.nextLong() : random.nextLong() & W32 & ~1L; // avoid the all-ones marker
    }

    @Test
    void trapNumbersFollowTheReference() {
        assertEquals(0x30, abi.trapNumber(Syscall.IPC));
        assertEquals(0x31, abi.trapNumber(Syscall.ID_NEAREST));
        assertEquals(0x32, abi.trapNumber(Syscall.FPAGE_UNMAP));
        assertEquals(0x33, abi.trapNumber(Syscall.THREAD_SWITCH));
        assertEquals(0x34, abi.trapNumber(Syscall.THREAD_SCHEDULE));
        assertEquals(0x35, abi.trapNumber(Syscall.LTHREAD_EX_REGS));
        assertEquals(0x36, abi.trapNumber(Syscall.TASK_NEW));
        for (Syscall c : Syscall.values()) assertSame(c, abi.decodeTrap(abi.trapNumber(c)));
        assertNull(abi.decodeTrap(0x80));
        assertNull(abi.decodeTrap(0x2F));
        assertNull(abi.decodeTrap(0x37));
        assertNull(abi.decodeTrap(14));
    }

    @Test
    void everyNonIpcCallRoundTripsArgumentsAndResults() {
        for (Syscall c : Syscall.values()) {
            if (c == Syscall.IPC) continue;
            for (int round = 0; round < 200; round++) {
                String in = inKinds(c);
                long[] args = new long[in.length()];
                for (int i = 0; i < args.length; i++) args[i] = valueOf(in.charAt(i));
                RegisterFile regs = abi.newRegisterFile();
                abi.writeArguments(c, args, regs);
                assertArrayEquals(args, abi.readArguments(c, regs), c + " arguments");

                String out = outKinds(c);
                long[] results = new long[out.length()];
                for (int i = 0; i < results.length; i++) results[i] = valueOf(out.charAt(i));
                abi.writeResults(c, results, regs);
                assertArrayEquals(results, abi.readResults(c, regs), c + " results");
            }
        }
    }

    @Test
    void ipcRoundTripsInTheBindingsVariants() {
        long w0 = 0x8000_0001L, w1 = 0xFFFF_FFFEL;
        long t = 0x0102_0311L;
        long[][] cases = {
            // snd, rcv, timeout, dest, rcv_from, vsender, w0, w1
            {0, 0, t, SOME_ID, SOME_ID, 0, w0, w1},                                   // call
            {0, IpcDescriptor.OPEN, t, SOME_ID, 0, 0, w0, w1},                        // reply and wait
            {0, IpcDescriptor.NIL, t, SIGMA0, 0, 0, w0, w1},                          // send
            {IpcDescriptor.DECEIVE, IpcDescriptor.NIL, t, SOME_ID, 0, SIGMA0, w0, w1}, // deceiving send
            {IpcDescriptor.NIL, 0, t, 0, SOME_ID, 0, 0, 0},                           // receive from
            {IpcDescriptor.NIL, 0, t, 0, ThreadId.INVALID.raw(), 0, 0, 0},            // sleep
            {IpcDescriptor.NIL, 0, 0x11, 0, ThreadId.interrupt(5).raw(), 0, 0, 0},    // attach irq 5
            {IpcDescriptor.NIL, 0, 0x11, 0, 0, 0, 0, 0},                              // detach (from nil)
            {IpcDescriptor.NIL, IpcDescriptor.OPEN, 0, 0, 0, 0, 0, 0},                // wait
            {0x0010_2000L | IpcDescriptor.MAP, 0x0020_0000L | IpcDescriptor.OPEN, t, SOME_ID, 0, 0, w0, w1},
        };
        for (long[] args : cases) {
            RegisterFile regs = abi.newRegisterFile();
            abi.writeArguments(Syscall.IPC, args, regs);
            assertArrayEquals(args, abi.readArguments(Syscall.IPC, regs));
        }
    }

    @Test
    void ipcUsesTheRealRegisters() {
        RegisterFile regs = abi.newRegisterFile();
        abi.writeArguments(Syscall.IPC, new long[] {0x1234_5000L, 0x0006_7002L, 0x0011_2233L, SOME_ID, SOME_ID, 0,
            0xAAAA_AAAAL, 0x5555_5555L}, regs);
        assertEquals(0x1234_5000L, regs.get(EAX));
        assertEquals(0x0006_7002L, regs.get(EBP));
        assertEquals(0x0011_2233L, regs.get(ECX));
        assertEquals(SOME_ID & W32, regs.get(ESI));
        assertEquals(SOME_ID >>> 32, regs.get(EDI));
        assertEquals(0xAAAA_AAAAL, regs.get(EDX));
        assertEquals(0x5555_5555L, regs.get(EBX));

        abi.writeResults(Syscall.IPC, new long[] {0x4000, SIGMA0, 0, 7, 9}, regs);
        assertEquals(0x4000, regs.get(EAX));
        assertEquals(SIGMA0, regs.get(ESI));
        assertEquals(0, regs.get(EDI));
        assertEquals(7, regs.get(EDX));
        assertEquals(9, regs.get(EBX));
    }

    @Test
    void closedReceiveWaitsForDestinationWhenSending() {
        // ix86 has no separate rcv_from register: a send + closed receive always waits for dest.
        RegisterFile regs = abi.newRegisterFile();
        abi.writeArguments(Syscall.IPC, new long[] {0, 0, 0, SOME_ID, SIGMA0, 0, 0, 0}, regs);
        long[] read = abi.readArguments(Syscall.IPC, regs);
        assertEquals(SOME_ID, read[Syscall.IPC_DEST]);
        assertEquals(SOME_ID, read[Syscall.IPC_RCV_FROM]);
        // an open receive has no partner, whatever was written
        abi.writeArguments(Syscall.IPC, new long[] {0, 1, 0, SOME_ID, SIGMA0, 0, 0, 0}, regs);
        assertEquals(0, abi.readArguments(Syscall.IPC, regs)[Syscall.IPC_RCV_FROM]);
    }

    @Test
    void valuesAreTruncatedToThirtyTwoBits() {
        RegisterFile regs = abi.newRegisterFile();
        abi.writeArguments(Syscall.IPC, new long[] {0x7_0000_1000L, 0x3_0000_0001L, 0x1_0000_0011L, SOME_ID, 0, 0,
            0x1234_5678_9ABC_DEF0L, -2L}, regs);
        long[] read = abi.readArguments(Syscall.IPC, regs);
        assertEquals(0x1000L, read[Syscall.IPC_SND]);
        assertEquals(0x1L, read[Syscall.IPC_RCV]);
        assertEquals(0x11L, read[Syscall.IPC_TIMEOUT]);
        assertEquals(0x9ABC_DEF0L, read[Syscall.IPC_WORDS_IN]);
        assertEquals(0xFFFF_FFFEL, read[Syscall.IPC_WORDS_IN + 1]);

        abi.writeArguments(Syscall.FPAGE_UNMAP, new long[] {0xF_0000_0080L, (1L << 31) | 2 | (1L << 40)}, regs);
        assertArrayEquals(new long[] {0x80L, (1L << 31) | 2}, abi.readArguments(Syscall.FPAGE_UNMAP, regs));

        abi.writeResults(Syscall.LTHREAD_EX_REGS, new long[] {0x1_0804_8000L, 0x2_0000_1000L, SIGMA0, 0, 0x3_0000_0202L}, regs);
        assertArrayEquals(new long[] {0x0804_8000L, 0x1000L, SIGMA0, 0, 0x202L}, abi.readResults(Syscall.LTHREAD_EX_REGS, regs));

        for (int r = 0; r < regs.count(); r++) {
            regs.set(r, -1L);
            assertEquals(W32, regs.get(r), regs.name(r));
        }
    }

    @Test
    void allOnesMarkersReadBackAsMinusOne() {
        RegisterFile regs = abi.newRegisterFile();
        // nil descriptors, given either as the generic -1 or as the 32-bit pattern
        abi.writeArguments(Syscall.IPC, new long[] {W32, -1L, 0, 0, 0, 0, 0, 0}, regs);
        long[] read = abi.readArguments(Syscall.IPC, regs);
        assertEquals(-1L, read[Syscall.IPC_SND]);
        assertEquals(-1L, read[Syscall.IPC_RCV]);
        // ex_regs: -1 leaves IP/SP unchanged, INVALID leaves pager/excepter unchanged
        abi.writeArguments(Syscall.LTHREAD_EX_REGS, new long[] {3, -1, -1, -1, -1}, regs);
        assertArrayEquals(new long[] {3, -1, -1, -1, -1}, abi.readArguments(Syscall.LTHREAD_EX_REGS, regs));
        // thread_schedule: unchanged param in, refused (all ones) out
        abi.writeArguments(Syscall.THREAD_SCHEDULE, new long[] {SOME_ID, -1, 0}, regs);
        assertEquals(-1L, abi.readArguments(Syscall.THREAD_SCHEDULE, regs)[1]);
        abi.writeResults(Syscall.THREAD_SCHEDULE, new long[] {-1, 0, 0, 5, -1}, regs);
        long[] out = abi.readResults(Syscall.THREAD_SCHEDULE, regs);
        assertEquals(-1L, out[0]);
        assertEquals(5, out[3]);
        assertEquals(-1L, out[4], "infinite wakeup (-1) survives");
        // a plain word keeps its zero-extended value
        abi.writeResults(Syscall.ID_NEAREST, new long[] {-1, 0}, regs);
        assertEquals(W32, abi.readResults(Syscall.ID_NEAREST, regs)[0]);
    }

    @Test
    void taskNewCarriesIdsInPairs() {
        RegisterFile regs = abi.newRegisterFile();
        long chief = SOME_ID;
        abi.writeArguments(Syscall.TASK_NEW, new long[] {SOME_ID + (1 << 17), chief, 0x1000, 0x2000, 0, 0}, regs);
        assertEquals(chief & W32, regs.get(EAX), "EAX carries the low word of the new chief");
        assertEquals(0x1000, regs.get(ECX));
        assertEquals(0x2000, regs.get(EDX));
        assertEquals(0, regs.get(EBX));
        assertEquals(0, regs.get(EBP));
        assertEquals(chief, abi.readArguments(Syscall.TASK_NEW, regs)[1]);
    }

    @Test
    void exRegsAndScheduleUseTheRealRegisters() {
        RegisterFile regs = abi.newRegisterFile();
        abi.writeArguments(Syscall.LTHREAD_EX_REGS, new long[] {5, 0x0804_8000L, 0x0900_0000L, SIGMA0, SOME_ID}, regs);
        assertEquals(5, regs.get(EAX));
        assertEquals(0x0804_8000L, regs.get(EDX));
        assertEquals(0x0900_0000L, regs.get(ECX));
        assertEquals(SIGMA0, regs.get(ESI));
        assertEquals(0, regs.get(EDI));
        assertEquals(SOME_ID & W32, regs.get(EBX));
        assertEquals(SOME_ID >>> 32, regs.get(EBP));

        abi.writeResults(Syscall.THREAD_SCHEDULE, new long[] {0x10, 0, SOME_ID, 0x1_2345_6789L, 0}, regs);
        assertEquals(0x2345_6789L, regs.get(ECX));
        assertEquals(0x1L, regs.get(EDX));
    }

    @Test
    void rejectsWrongArgumentCounts() {
        RegisterFile regs = abi.newRegisterFile();
        assertThrows(IllegalArgumentException.class, () -> abi.writeArguments(Syscall.IPC, new long[6], regs));
        assertThrows(IllegalArgumentException.class, () -> abi.writeResults(Syscall.TASK_NEW, new long[2], regs));
    }

    @Test
    void describesEveryCall() {
        String ipc = abi.describe(Syscall.IPC);
        assertTrue(ipc.contains("snd_desc=EAX"), ipc);
        assertTrue(ipc.contains("rcv_desc=EBP"), ipc);
        assertTrue(ipc.contains("timeout=ECX"), ipc);
        assertTrue(ipc.contains("w0=EDX"), ipc);
        assertTrue(ipc.contains("w1=EBX"), ipc);
        assertTrue(ipc.contains("dope=EAX"), ipc);
        assertTrue(ipc.contains("source=ESI/EDI"), ipc);
        for (Syscall c : Syscall.values()) {
            String d = abi.describe(c);
            assertTrue(d.startsWith(String.format("int 0x%02x", abi.trapNumber(c))), d);
            assertEquals(-1, d.indexOf('\n'), "one line");
            for (String p : c.in()) assertTrue(d.contains(p + "="), c + ": " + d);
            for (String p : c.out()) assertTrue(d.contains(p + "="), c + ": " + d);
        }
    }

    @Test
    void newRegisterFileHasUserEflags() {
        RegisterFile regs = abi.newRegisterFile();
        assertEquals(0x202, regs.get(Ix86Registers.EFLAGS));
        assertEquals("EIP", regs.name(regs.ip()));
        assertEquals("ESP", regs.name(regs.sp()));
    }

    /** The IPC path's pieces (parameters, status, the word registers by index) agree with the whole lists. */
    @Test
    void ipcPiecesAgreeWithTheWholeLists() {
        assertEquals(EDX, abi.messageWordRegister(0));
        assertEquals(EBX, abi.messageWordRegister(1));
        for (int round = 0; round < 200; round++) {
            long[] args = new long[Syscall.IPC.inCount(2)];
            for (int i = 0; i < args.length; i++) args[i] = random.nextLong();
            if (round % 3 == 0) args[Syscall.IPC_SND] = -1; // nil: ESI/EDI then carries rcv_from
            if (round % 4 == 0) args[Syscall.IPC_RCV] &= ~1L; // closed receive
            RegisterFile whole = abi.newRegisterFile();
            abi.writeArguments(Syscall.IPC, args, whole);
            long[] all = abi.readArguments(Syscall.IPC, whole);
            long[] params = abi.readIpcParameters(whole, new long[Syscall.IPC_WORDS_IN]);
            for (int i = 0; i < Syscall.IPC_WORDS_IN; i++) assertEquals(all[i], params[i], "parameter " + i);
            for (int w = 0; w < 2; w++) assertEquals(all[Syscall.IPC_WORDS_IN + w], whole.get(abi.messageWordRegister(w)));

            RegisterFile pieces = abi.newRegisterFile();
            abi.writeIpcParameters(args, pieces);
            for (int w = 0; w < 2; w++) pieces.set(abi.messageWordRegister(w), args[Syscall.IPC_WORDS_IN + w]);
            assertArrayEquals(all, abi.readArguments(Syscall.IPC, pieces));

            long[] results = new long[Syscall.IPC.outCount(2)];
            for (int i = 0; i < results.length; i++) results[i] = random.nextLong();
            RegisterFile out = abi.newRegisterFile();
            abi.writeIpcStatus(results[0], results[1], results[2], out);
            for (int w = 0; w < 2; w++) out.set(abi.messageWordRegister(w), results[Syscall.IPC_WORDS_OUT + w]);
            RegisterFile outWhole = abi.newRegisterFile();
            abi.writeResults(Syscall.IPC, results, outWhole);
            long[] expected = abi.readResults(Syscall.IPC, outWhole);
            assertArrayEquals(expected, abi.readResults(Syscall.IPC, out));
            long[] status = abi.readIpcStatus(out, new long[Syscall.IPC_WORDS_OUT]);
            for (int i = 0; i < Syscall.IPC_WORDS_OUT; i++) assertEquals(expected[i], status[i], "status " + i);
        }
    }

    /** The SPI's promise for {@code plainRegisters}: each message-word register is a plain element, cut to 32 bits when set. */
    @Test
    void messageWordRegistersArePlainElements() {
        PlainRegistersCheck.messageWordsArePlainElements(abi, Ix86SyscallAbi.MESSAGE_REGISTERS, W32);
    }
}
