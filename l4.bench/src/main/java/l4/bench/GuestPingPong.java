package l4.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import l4.api.Fpage;
import l4.api.IpcDescriptor;
import l4.api.IpcResult;
import l4.api.KipLayout;
import l4.api.L4;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.arch.mips.MipsArchitecture;
import l4.kernel.Kernel;
import l4.kernel.KernelConfig;

/**
 * The IPC ping-pong as guest code (MIPS machine code, assembled here): a guest ping task calls a
 * guest pong task; both run on the kernel's guest runner, so a round trip needs no host switch.
 * A Java coordinator starts each batch with a call to ping (which answers when its batch is done)
 * and holds the CPU while the host waits for the next batch, as {@link Machines.PingPong} does.
 */
final class GuestPingPong {
    private static final long PING = 0x40000, PONG = 0x41000, TAB = 0x50000;
    private static final int T_PONG = 0, T_COORD = 8, T_REGS = 16, T_NIL = 24, T_TIMEOUT = 32, T_OPEN = 40;
    private static final int AT = 1, V1 = 3, A0 = 4, A1 = 5, A2 = 6, A4 = 8, A5 = 9, S0 = 16, GP = 28, S8 = 30;

    final Kernel kernel;
    private final LinkedBlockingQueue<Integer> requests = new LinkedBlockingQueue<>();
    private volatile CompletableFuture<long[]> batch;

    GuestPingPong() throws Exception {
        kernel = new Kernel(new MipsArchitecture(), new KernelConfig());
        kernel.boot(GuestPingPong::sigma0, l4 -> l4.receive(ThreadId.INVALID, Timeout.NEVER));
        CompletableFuture<Void> ready = new CompletableFuture<>();
        kernel.post(() -> kernel.launch("guest-ping", l4 -> coordinate(l4, ready), 200));
        ready.get(10, TimeUnit.SECONDS);
    }

    /** σ0 for this machine: every fault gets its page 1:1, so all tasks see the coordinator's code. */
    private static void sigma0(L4 l4) {
        long memory = l4.memory().readWord(KipLayout.PHYSICAL + (long) KipLayout.MEMORY_SIZE * l4.wordBytes());
        IpcResult r = l4.waitAny(Timeout.NEVER);
        while (true) {
            long page = r.word(0) & ~0xFFFL;
            long[] reply = new long[l4.messageRegisters()];
            long desc = 0;
            if (page < memory) {
                reply[0] = page;
                reply[1] = Fpage.of(page, 12, true).encode();
                desc = IpcDescriptor.MAP;
            }
            r = l4.ipc(r.source(), desc, reply, IpcDescriptor.OPEN, ThreadId.NIL, ThreadId.NIL, Timeout.of(0, Timeout.INFINITE));
            if (!r.ok()) r = l4.waitAny(Timeout.NEVER);
        }
    }

    private void coordinate(L4 l4, CompletableFuture<Void> ready) {
        ThreadId me = l4.myself();
        ThreadId sigma0 = ThreadId.of(0, 0, 1, 0, 0);
        var mem = l4.memory();
        mem.writeWord(TAB + T_COORD, me.raw());
        mem.writeWord(TAB + T_REGS, IpcDescriptor.registers());
        mem.writeWord(TAB + T_NIL, IpcDescriptor.NIL);
        mem.writeWord(TAB + T_TIMEOUT, Timeout.NEVER.raw() & 0xFFFFFFFFL);
        mem.writeWord(TAB + T_OPEN, IpcDescriptor.OPEN);
        mem.write(PONG, code(pong()));
        mem.write(PING, code(ping()));
        ThreadId pong = ThreadId.NIL;
        for (int n = 0x100; pong.isNil(); n++) {
            pong = l4.taskNew(ThreadId.of(0, 0, n, 0, 1), 255, 0, PONG, sigma0, ThreadId.NIL);
        }
        mem.writeWord(TAB + T_PONG, pong.raw());
        ThreadId ping = ThreadId.NIL;
        for (int n = 0x101; ping.isNil(); n++) {
            ping = l4.taskNew(ThreadId.of(0, 0, n, 0, 1), 255, 0, PING, sigma0, ThreadId.NIL);
        }
        l4.sleep(1000); // ping faults its code and table in and waits for the first batch
        ready.complete(null);
        while (true) {
            int n = take();
            long c0 = kernel.clock.cycles();
            IpcResult r = l4.call(ping, new long[] {n}, Timeout.NEVER);
            if (!r.ok()) throw new IllegalStateException("guest ping: " + r);
            batch.complete(new long[] {kernel.clock.cycles() - c0});
        }
    }

    private int take() {
        try {
            return requests.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code n} guest round trips; returns the simulated cycles (the coordinator's call included). */
    long rounds(int n) throws Exception {
        CompletableFuture<long[]> f = new CompletableFuture<>();
        batch = f;
        requests.add(n);
        return f.get(60, TimeUnit.SECONDS)[0];
    }

    // ---- the guest code ----------------------------------------------------------------------

    /** Waits for the coordinator's n; calls pong n times; answers the coordinator and waits for the next n. */
    private static int[] ping() {
        return new int[] {
            lui(GP, TAB >>> 16),
            ld(A0, T_NIL, GP), ld(A1, T_REGS, GP), ld(A5, T_COORD, GP), ld(A2, T_TIMEOUT, GP), daddiu(AT, 0, 0), 12,
            // 7: batch
            or(S8, S0, 0),
            // 8: loop
            ld(A4, T_PONG, GP), ld(A5, T_PONG, GP), ld(A0, T_REGS, GP), ld(A1, T_REGS, GP), ld(A2, T_TIMEOUT, GP),
            daddiu(AT, 0, 0), 12,
            daddiu(S8, S8, -1), bne(S8, 0, 8 - 17), 0,
            // 18: answer the coordinator and wait for its next call
            ld(A4, T_COORD, GP), ld(A5, T_COORD, GP), ld(A0, T_REGS, GP), ld(A1, T_REGS, GP), ld(A2, T_TIMEOUT, GP),
            daddiu(AT, 0, 0), 12,
            beq(0, 0, 7 - 26), 0,
        };
    }

    /** Waits for any message, then forever replies to its sender and waits again. */
    private static int[] pong() {
        return new int[] {
            lui(GP, TAB >>> 16),
            ld(A0, T_NIL, GP), ld(A1, T_OPEN, GP), ld(A2, T_TIMEOUT, GP), daddiu(AT, 0, 0), 12,
            // 6: loop
            or(A4, V1, 0), ld(A0, T_REGS, GP), ld(A1, T_OPEN, GP), ld(A2, T_TIMEOUT, GP), daddiu(AT, 0, 0), 12,
            beq(0, 0, 6 - 13), 0,
        };
    }

    private static int i(int op, int rs, int rt, long imm) { return (op << 26) | (rs << 21) | (rt << 16) | (int) (imm & 0xFFFF); }
    private static int lui(int rt, long imm) { return i(15, 0, rt, imm); }
    private static int daddiu(int rt, int rs, int imm) { return i(25, rs, rt, imm); }
    private static int ld(int rt, int off, int base) { return i(55, base, rt, off); }
    private static int beq(int rs, int rt, int off) { return i(4, rs, rt, off); }
    private static int bne(int rs, int rt, int off) { return i(5, rs, rt, off); }
    private static int or(int rd, int rs, int rt) { return (rs << 21) | (rt << 16) | (rd << 11) | 37; }

    private static byte[] code(int[] words) {
        byte[] b = new byte[words.length * 4];
        for (int k = 0; k < words.length; k++) for (int j = 0; j < 4; j++) b[4 * k + j] = (byte) (words[k] >>> (8 * j));
        return b;
    }
}
