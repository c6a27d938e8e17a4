package l4.loader.internal;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import l4.api.AlienFlags;
import l4.api.Fpage;
import l4.api.IpcDescriptor;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.MsgDope;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.api.mips.ExceptionFrame;
import l4.loader.LoaderProtocol;
import l4.run.MachineAccess;
import l4.run.ProgramBody;

/**
 * The loader: a user-level pager that runs one guest program in a task of its own. Its lthread 0
 * creates the task (a number the root task hands over), is the program's pager (each fault maps a
 * page of the {@link ProgramImage} from a frame taken from σ0, filled once) and serves the
 * {@link LoaderProtocol} (console, exit, marks). Its lthread 1 is the program's excepter: for a
 * freestanding Linux program, whose first thread is alien, it serves write, exit and exit_group
 * from the reflected exception's register frame; any other exception ends the program. The end
 * (exit, or the loader's verdict) completes {@link #outcome()}; the program is left waiting (its
 * exit message or exception is never answered) until whoever launched the loader kills the
 * loader's task and with it its clan, the program's task.
 */
final class LoaderProgram implements ProgramBody {
    static final int FIRST_TASK = 0x100;
    static final int NR_WRITE = 5001, NR_EXIT = 5058, NR_EXIT_GROUP = 5205;
    /** {@code break 1}: libl4's exit when its EXIT message found no loader. */
    static final int EXIT_BREAK = 0x0001000D;
    static final long EBADF = 9, EFAULT = 14, ENOSYS = 89;
    /** Output kept per run; the rest is counted and dropped. */
    static final int OUTPUT_LIMIT = 1 << 20;
    private static final Timeout REPLY = Timeout.of(0, Timeout.INFINITE);

    private final ProgramImage image;
    private final boolean linux;
    private final long maxFrames;
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private long dropped;
    private final List<Outcome.Mark> marks = new ArrayList<>();
    /** Program page → the loader's address of the frame behind it. */
    private final Map<Long, Long> pages = new HashMap<>();

    private L4 l4;
    private MachineAccess machine;
    private FramePool frames;
    private ThreadId program;
    private Outcome.Counters start;

    private final FrameLedger ledger;

    LoaderProgram(ProgramImage image, boolean linux, long maxFrames) {
        this(image, linux, maxFrames, new FrameLedger());
    }

    /** A loader whose frames {@code ledger} records, the ledger of the machine it runs on. */
    LoaderProgram(ProgramImage image, boolean linux, long maxFrames, FrameLedger ledger) {
        this.ledger = ledger;
        this.image = image;
        this.linux = linux;
        this.maxFrames = maxFrames;
    }

    ProgramImage image() {
        return image;
    }

    CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    @Override
    public void run(L4 l4, MachineAccess machine) {
        try {
            this.l4 = l4;
            this.machine = machine;
            if (!"mips".equals(l4.architecture())) {
                throw new IllegalStateException("guest programs are MIPS64 code; this machine is " + l4.architecture()
                        + " (l4:arch mips switches)");
            }
            ThreadId me = l4.myself();
            frames = new FramePool(l4, 0, ledger);
            long buffer = frames.take(l4);
            if (buffer < 0) throw new IllegalStateException("σ0 has no free frame for the loader");
            ThreadBody excepter = l -> excepter(l, buffer);
            l4.lthreadExRegs(1, l4.codeAddress(excepter), 0, ThreadId.INVALID, ThreadId.INVALID);
            ThreadId number = machine.giveTaskNumber(me, FIRST_TASK);
            if (number == null) throw new IllegalStateException("no free task number for the program");
            long mcp = 255 | (linux ? AlienFlags.TASK_NEW_ALIEN : 0);
            start = counters();
            program = l4.taskNew(number, mcp, image.stackPointer(), image.entry(), me, me.withLthread(1));
            if (program.isNil()) throw new IllegalStateException("task_new refused the program's task " + number);
            pager();
        } catch (Throwable t) {
            outcome.completeExceptionally(t);
        }
    }

    private Outcome.Counters counters() {
        return new Outcome.Counters(machine.cycles(), machine.guestInstructions(), machine.pageFaults(), System.nanoTime());
    }

    private boolean fromProgram(IpcResult in) {
        return in.ok() && in.source() != null && program != null && in.source().task() == program.task()
                && !in.source().isInterrupt();
    }

    // ---- lthread 0: pager and console ---------------------------------------------------------

    private void pager() {
        IpcResult in = l4.waitAny(Timeout.NEVER);
        while (!outcome.isDone()) {
            if (!fromProgram(in)) {
                in = l4.waitAny(Timeout.NEVER);
                continue;
            }
            long[] w = in.words();
            long w0 = w[0];
            long[] reply;
            long send = IpcDescriptor.registers();
            if (w0 >= 0) {
                long[] map = fault(w0, w.length > 1 ? w[1] : 0);
                if (map == null) return;
                reply = map;
                send = IpcDescriptor.MAP;
            } else if (w0 == LoaderProtocol.WRITE) {
                int fd = (int) (w[1] >>> 32);
                int n = (int) w[1];
                if ((fd != 1 && fd != 2) || n < 0 || n > LoaderProtocol.WRITE_MAX) {
                    reply = new long[] {-1};
                } else {
                    byte[] b = new byte[n];
                    for (int i = 0; i < n; i++) b[i] = (byte) (w[2 + i / 8] >>> (8 * (i % 8)));
                    write(b);
                    reply = new long[] {n};
                }
            } else if (w0 == LoaderProtocol.EXIT) {
                end(true, w[1], null);
                return;
            } else if (w0 == LoaderProtocol.MARK) {
                marks.add(new Outcome.Mark(w[1], counters()));
                reply = new long[] {0};
            } else {
                reply = new long[] {-1};
            }
            in = l4.ipc(in.source(), send, reply, IpcDescriptor.OPEN, ThreadId.NIL, ThreadId.NIL, REPLY);
        }
    }

    /** A page fault at {@code w0} (address with the write bit 2): the map item's words, or null when it ended the program. */
    private long[] fault(long w0, long pc) {
        long address = w0 & ~3L;
        boolean write = (w0 & 2) != 0;
        ProgramImage.Page p = image.page(address);
        if (p == null) {
            end(false, 0, String.format("segmentation fault: %s 0x%x outside the program's memory (pc 0x%x)",
                    write ? "write to" : "read of", address, pc));
            return null;
        }
        if (write && !p.writable()) {
            end(false, 0, String.format("segmentation fault: write to the read-only page of 0x%x (pc 0x%x)", address, pc));
            return null;
        }
        long page = address & ~(ProgramImage.PAGE - 1);
        long frame = frameOf(l4, page, p);
        if (frame < 0) return null;
        return new long[] {page, Fpage.of(frame, 12, p.writable()).encode()};
    }

    /**
     * The loader's frame behind program page {@code page}, filled at first use through
     * {@code l4}, the binding of the calling loader thread; -1 when it ended the program.
     */
    /** The loader's frame behind program page {@code page}, filled at first use; -1 when it ended the program. */
    private long frameOf(L4 l4, long page, ProgramImage.Page p) {
        Long f = pages.get(page);
        if (f != null) return f;
        long frame = pages.size() < maxFrames ? frames.take(l4) : -1;
        if (frame < 0) {
            end(false, 0, "out of memory: " + pages.size() + " pages in use" + (pages.size() < maxFrames ? ", the loader's pool is used up" : ""));
            return -1;
        }
        if (p.contents() != null) l4.memory().write(frame, p.contents());
        pages.put(page, frame);
        return frame;
    }

    private void write(byte[] b) {
        int keep = Math.max(0, Math.min(b.length, OUTPUT_LIMIT - output.size()));
        output.write(b, 0, keep);
        dropped += b.length - keep;
    }

    private void end(boolean exited, long value, String reason) {
        if (outcome.isDone()) return;
        Outcome.Counters now = counters();
        if (dropped > 0) write(("\n[" + dropped + " more bytes of output dropped]\n").getBytes());
        outcome.complete(new Outcome(exited, value, reason, output.toByteArray(), start, now, List.copyOf(marks),
                pages.size()));
    }

    // ---- lthread 1: excepter -----------------------------------------------------------------

    private void excepter(L4 l4, long buffer) {
        int wb = 8;
        long frameAt = buffer + 3L * wb;
        l4.memory().writeWord(buffer, 0);
        l4.memory().writeWord(buffer + wb, MsgDope.of(ExceptionFrame.WORDS, 0));
        long receive = IpcDescriptor.receiveBuffer(buffer, true);
        IpcResult in = l4.ipc(ThreadId.NIL, IpcDescriptor.NIL, new long[0], receive, ThreadId.NIL, ThreadId.NIL, Timeout.NEVER);
        while (!outcome.isDone()) {
            if (!fromProgram(in)) {
                in = l4.ipc(ThreadId.NIL, IpcDescriptor.NIL, new long[0], receive, ThreadId.NIL, ThreadId.NIL, Timeout.NEVER);
                continue;
            }
            long cause = in.word(ExceptionFrame.W_CAUSE);
            long epc = in.word(ExceptionFrame.W_EPC);
            int code = ExceptionFrame.excCode(cause);
            boolean frameIn = in.memoryWords() >= ExceptionFrame.WORDS;
            if (code == ExceptionFrame.EXC_BP && frameIn && isExitBreak(l4, epc)) {
                // libl4's l4_exit when no loader took its EXIT message: the value in a0
                end(true, l4.memory().readWord(frameAt + 8L * (ExceptionFrame.GPR + 4)), null);
                return;
            }
            if (!linux || code != ExceptionFrame.EXC_SYS || !frameIn) {
                end(false, 0, String.format("exception %s (ExcCode %d) at pc 0x%x%s%s", excName(code), code, epc,
                        ExceptionFrame.inDelaySlot(cause) ? " (in the delay slot of the branch there)" : "",
                        code == ExceptionFrame.EXC_ADEL || code == ExceptionFrame.EXC_ADES || code == ExceptionFrame.EXC_TLBL
                                || code == ExceptionFrame.EXC_TLBS ? String.format(", BadVAddr 0x%x", in.word(ExceptionFrame.W_BADVADDR)) : ""));
                return;
            }
            if (ExceptionFrame.inDelaySlot(cause)) {
                // EPC is the branch; returning to EPC + 4 would run the call again and lose the
                // branch (what Linux's system-call return does), so the program ends, saying why
                end(false, 0, String.format("system call in a branch delay slot (the branch at pc 0x%x)", epc));
                return;
            }
            long[] frame = new long[ExceptionFrame.WORDS];
            for (int i = 0; i < frame.length; i++) frame[i] = l4.memory().readWord(frameAt + 8L * i);
            if (!linuxCall(l4, frame)) return;
            frame[ExceptionFrame.PC] = epc + 4;
            for (int i = 0; i < frame.length; i++) l4.memory().writeWord(frameAt + 8L * i, frame[i]);
            l4.memory().writeWord(buffer + 2L * wb, MsgDope.of(ExceptionFrame.WORDS, 0));
            in = l4.ipc(in.source(), IpcDescriptor.send(buffer, false, false), new long[0], receive, ThreadId.NIL, ThreadId.NIL, REPLY);
        }
    }

    /** Whether the program's instruction at {@code pc} is {@code break 1} (0x0001000D), libl4's exit. */
    private boolean isExitBreak(L4 l4, long pc) {
        byte[] b = (pc & 3) == 0 ? programBytes(l4, pc, 4) : null;
        return b != null && (b[0] & 0xFF | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24) == EXIT_BREAK;
    }

    /** Serves the Linux system call in {@code frame} (v0 the number, a0..a2 the arguments); false when it ended the program. */
    private boolean linuxCall(L4 l4, long[] frame) {
        long nr = frame[ExceptionFrame.GPR + 2];
        long a0 = frame[ExceptionFrame.GPR + 4], a1 = frame[ExceptionFrame.GPR + 5], a2 = frame[ExceptionFrame.GPR + 6];
        long result;
        boolean error;
        if (nr == NR_EXIT || nr == NR_EXIT_GROUP) {
            end(true, (int) a0, null);
            return false;
        } else if (nr == NR_WRITE) {
            if (a0 != 1 && a0 != 2) {
                result = EBADF;
                error = true;
            } else {
                byte[] b = programBytes(l4, a1, a2);
                if (outcome.isDone()) return false;
                error = b == null;
                result = error ? EFAULT : a2;
                if (b != null) write(b);
            }
        } else {
            result = ENOSYS;
            error = true;
        }
        frame[ExceptionFrame.GPR + 2] = result;
        frame[ExceptionFrame.GPR + 7] = error ? 1 : 0;
        return true;
    }

    /** {@code n} bytes of the program's memory from {@code address}, through the loader's frames; null if outside it. */
    private byte[] programBytes(L4 l4, long address, long n) {
        if (n < 0 || n > OUTPUT_LIMIT) return null;
        byte[] b = new byte[(int) n];
        int done = 0;
        while (done < n) {
            long a = address + done;
            long page = a & ~(ProgramImage.PAGE - 1);
            ProgramImage.Page p = image.page(page);
            if (p == null) return null;
            long frame = frameOf(l4, page, p);
            if (frame < 0) return null;
            int k = (int) Math.min(n - done, page + ProgramImage.PAGE - a);
            l4.memory().read(frame + (a - page), b, done, k);
            done += k;
        }
        return b;
    }

    static String excName(int code) {
        return switch (code) {
            case ExceptionFrame.EXC_MOD -> "Mod";
            case ExceptionFrame.EXC_TLBL -> "TLBL";
            case ExceptionFrame.EXC_TLBS -> "TLBS";
            case ExceptionFrame.EXC_ADEL -> "AdEL";
            case ExceptionFrame.EXC_ADES -> "AdES";
            case 6 -> "IBE";
            case 7 -> "DBE";
            case ExceptionFrame.EXC_SYS -> "Sys";
            case ExceptionFrame.EXC_BP -> "Bp";
            case ExceptionFrame.EXC_RI -> "RI";
            case ExceptionFrame.EXC_CPU -> "CpU";
            case ExceptionFrame.EXC_OV -> "Ov";
            case ExceptionFrame.EXC_TR -> "Tr";
            case ExceptionFrame.EXC_FPE -> "FPE";
            default -> "ExcCode " + code;
        };
    }
}
