package l4.kernel.snapshot;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import l4.api.Fpage;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.kernel.Kernel;
import l4.kernel.KernelConfig;
import l4.kernel.meter.KernelStats;
import l4.kernel.ipc.IpcPath;
import l4.kernel.memory.AddressSpace;
import l4.kernel.memory.MappingNode;
import l4.kernel.memory.PhysicalMemory;
import l4.kernel.object.GuestContext;
import l4.kernel.object.IpcOutcome;
import l4.kernel.object.SendPhase;
import l4.kernel.object.Task;
import l4.kernel.object.Tcb;
import l4.kernel.object.ThreadState;
import l4.kernel.object.Transfer;
import l4.spi.Architecture;
import l4.spi.InterruptController;
import l4.spi.MmuSpace;

/**
 * Builds a fresh kernel from a snapshot ({@link SnapshotFormat}): the machine's configuration
 * from the file, its host-side settings (host threads, pacing, runaway limit) from the caller.
 * The kernel is returned unstarted; {@link Kernel#startImported} runs it.
 */
public final class SnapshotReader {
    /** The imported kernel (not started) and what became of the threads whose code was Java. */
    public record Imported(Kernel kernel, List<String> notes) {}

    /** More Java bodies than any machine registers (each is a program or a thread's entry). */
    static final int MAX_CODE = 1 << 20;
    /** The copy's string chunk: one page. */
    private static final int PAGE = 4096;
    /** The least a transfer entry takes (without its chunk): a bound for a corrupt count. */
    private static final int TRANSFER_BYTES = 200;

    private final Architecture arch;
    private final KernelConfig host;
    private final JavaThreads policy;
    private DataInputStream in;
    private String section = "header";
    private Kernel k;
    private long[] clockState;
    private int currentRef;
    private long[] traceState;
    private long[] statsState;
    private final List<long[]> arrays = new ArrayList<>();
    private final List<IpcOutcome> outcomes = new ArrayList<>();
    private final List<SendPhase> sends = new ArrayList<>();
    private final List<Transfer> transfers = new ArrayList<>();
    private final List<ThreadState.Saved> saved = new ArrayList<>();
    private final List<Tcb> javaThreads = new ArrayList<>();
    /** A guest's exception frames as the object table read them, and the frames of its new context. */
    private final java.util.Map<long[], long[]> frames = new java.util.IdentityHashMap<>();

    private SnapshotReader(Architecture arch, KernelConfig host, JavaThreads policy) {
        this.arch = arch;
        this.host = host;
        this.policy = policy;
    }

    /**
     * Reads {@code data} into a new kernel on {@code arch}. Fails with a one-line message for a
     * file that is no snapshot, of another version or architecture, truncated or inconsistent,
     * and (with {@link JavaThreads#REFUSE}) for one that holds threads whose code is Java.
     */
    public static Imported read(byte[] data, Architecture arch, KernelConfig host, JavaThreads policy) throws SnapshotException {
        return new SnapshotReader(arch, host, policy).read(data);
    }

    private Imported read(byte[] data) throws SnapshotException {
        in = new DataInputStream(new ByteArrayInputStream(data));
        try {
            header();
            List<String> notes = sections(data.length);
            return new Imported(k, notes);
        } catch (EOFException e) {
            discard();
            throw new SnapshotException("truncated snapshot: it ends inside section " + section.trim());
        } catch (IOException | RuntimeException e) {
            discard();
            throw new SnapshotException("corrupt snapshot (section " + section.trim() + "): " + e.getMessage());
        } catch (SnapshotException e) {
            discard();
            throw e;
        }
    }

    private void discard() {
        if (k != null) k.halt();
    }

    private void header() throws IOException, SnapshotException {
        byte[] magic = new byte[SnapshotFormat.MAGIC.length];
        int n = in.read(magic);
        if (n != magic.length || !Arrays.equals(magic, SnapshotFormat.MAGIC)) {
            throw new SnapshotException("not an L4 machine snapshot (no L4SNAP signature)");
        }
        int version = in.readUnsignedShort();
        if (version == 1) {
            throw new SnapshotException("snapshot format version 1, whose transfers lack the copy's cursors; this kernel reads version "
                    + SnapshotFormat.VERSION + " (save the machine again with this kernel)");
        }
        if (version != SnapshotFormat.VERSION) {
            throw new SnapshotException("snapshot format version " + version + "; this kernel reads version " + SnapshotFormat.VERSION);
        }
        String archName = in.readUTF();
        if (!archName.equals(arch.name())) {
            throw new SnapshotException("the snapshot's machine is " + archName + ", this one is " + arch.name()
                    + " (l4:arch " + archName + " first)");
        }
    }

    private List<String> sections(int size) throws IOException, SnapshotException {
        for (String expected : SnapshotFormat.SECTIONS) {
            section = expected;
            int tag = in.readInt();
            if (tag != SnapshotFormat.tag(expected)) {
                throw new SnapshotException("corrupt snapshot: expected section " + expected.trim() + ", found "
                        + SnapshotFormat.tagName(tag));
            }
            int length = in.readInt();
            if (length < 0 || length > in.available()) throw new EOFException();
            byte[] payload = new byte[length];
            in.readFully(payload);
            DataInputStream s = new DataInputStream(new ByteArrayInputStream(payload));
            switch (expected) {
                case "MACH" -> machine(s);
                case "CLCK" -> {
                    clockState = new long[] {s.readLong(), s.readLong(), s.readLong(), s.readLong()};
                    currentRef = s.readInt();
                }
                case "TRCE" -> traceState = new long[] {s.readLong(), s.readLong()};
                case "STAT" -> {
                    statsState = new long[11];
                    for (int i = 0; i < statsState.length; i++) statsState[i] = s.readLong();
                }
                case "CODE" -> {
                    int code = s.readInt();
                    if (code < 0 || code > MAX_CODE) throw new SnapshotException("corrupt snapshot: a code image of " + code + " entries");
                    k.reserveCode(code);
                }
                case "TASK" -> tasks(s);
                case "OBJS" -> objects(s);
                case "TCBS" -> {
                    tcbs(s);
                    for (SendPhase m : sends) if (m.kernelFrame != null && frames.containsKey(m.kernelFrame)) m.kernelFrame = frames.get(m.kernelFrame);
                }
                case "SCHD" -> scheduling(s);
                case "IRQS" -> interrupts(s);
                case "MAPS" -> mappings(s);
                case "PGTB" -> pageTables(s);
                case "IOPT" -> ioPorts(s);
                case "PMEM" -> memory(s);
                default -> { }
            }
            if (s.available() != 0) throw new SnapshotException("corrupt snapshot: " + s.available() + " bytes left over in section " + expected.trim());
        }
        if (in.available() != 0) throw new SnapshotException("corrupt snapshot: " + in.available() + " bytes after its end");
        section = "end";
        finish();
        try {
            k.checkIpcInvariants();
            k.mappings.checkInvariants();
            if (k.ioPorts != null) k.ioPorts.checkInvariants();
        } catch (AssertionError e) {
            throw new SnapshotException("inconsistent snapshot: " + e.getMessage());
        }
        return javaCode();
    }

    // ---- sections ----------------------------------------------------------------------------

    private void machine(DataInputStream s) throws IOException, SnapshotException {
        int wordBits = s.readInt();
        int mr = s.readInt();
        int registers = s.readInt();
        long hz = s.readLong();
        long tick = s.readLong();
        if (wordBits != arch.wordBits() || mr != arch.messageRegisters() || registers != arch.abi().newRegisterFile().count()
                || hz != arch.clockHz() || tick != arch.timerTickMicros()) {
            throw new SnapshotException("the snapshot's " + arch.name() + " machine differs from this one (word size, registers, clock or timer tick)");
        }
        KernelConfig c = host.copy();
        c.memoryBytes = s.readLong();
        c.scheduler = KernelConfig.SchedulerPolicy.valueOf(s.readUTF());
        c.bootPriority = s.readInt();
        c.bootSliceMicros = s.readLong();
        c.archOptions.clear();
        int options = s.readInt();
        for (int i = 0; i < options; i++) c.archOptions.put(s.readUTF(), s.readUTF());
        k = new Kernel(arch, c);
    }

    private void tasks(DataInputStream s) throws IOException, SnapshotException {
        if (s.readInt() != k.tasks.length) throw new SnapshotException("the snapshot's kernel has another number of tasks");
        int used = count(s, s.readInt(), 17);
        int[] chiefs = new int[used];
        int[][] clans = new int[used][];
        Task[] read = new Task[used];
        for (int i = 0; i < used; i++) {
            Task t = k.tasks[s.readUnsignedShort()];
            read[i] = t;
            t.id(ThreadId.ofRaw(s.readLong()));
            chiefs[i] = s.readShort();
            t.mcp = s.readInt();
            boolean active = s.readBoolean();
            t.everOwned = s.readBoolean();
            t.label = s.readUTF();
            clans[i] = new int[s.readUnsignedShort()];
            for (int j = 0; j < clans[i].length; j++) clans[i][j] = s.readUnsignedShort();
            if (active) k.activateForImport(t.number);
        }
        for (int i = 0; i < used; i++) {
            read[i].chief = chiefs[i] < 0 ? null : k.tasks[chiefs[i]];
            for (int c : clans[i]) read[i].clan.add(k.tasks[c]);
        }
    }

    private void objects(DataInputStream s) throws IOException {
        int n = s.readInt();
        for (int i = 0; i < n; i++) {
            long[] a = new long[count(s, s.readInt(), 8)];
            for (int j = 0; j < a.length; j++) a[j] = s.readLong();
            arrays.add(a);
        }
        n = s.readInt();
        for (int i = 0; i < n; i++) {
            outcomes.add(new IpcOutcome(s.readInt(), id(s), array(s.readInt()), id(s)));
        }
        n = s.readInt();
        for (int i = 0; i < n; i++) {
            long descriptor = s.readLong();
            long[] words = array(s.readInt());
            ThreadId intended = id(s);
            ThreadId source = id(s);
            boolean deceived = s.readBoolean();
            boolean redirected = s.readBoolean();
            boolean fromInner = s.readBoolean();
            Timeout timeout = Timeout.ofRaw(s.readInt());
            long sendMicros = s.readLong();
            boolean pagefaultRpc = s.readBoolean();
            SendPhase m = new SendPhase(descriptor, words, intended, source, deceived, redirected, fromInner, timeout, sendMicros, pagefaultRpc);
            m.kernelFrame = array(s.readInt());
            sends.add(m);
        }
        n = count(s, s.readInt(), TRANSFER_BYTES);
        int[] faultRpcs = new int[n];
        for (int i = 0; i < n; i++) faultRpcs[i] = transfer(s);
        n = s.readInt();
        for (int i = 0; i < n; i++) {
            ThreadState.Kind kind = kind(s.readByte());
            boolean accepting = s.readBoolean();
            boolean open = s.readBoolean();
            ThreadId from = id(s);
            long descriptor = s.readLong();
            int timeout = s.readInt();
            Tcb waker = thread(s.readInt());
            Transfer tr = object(transfers, s.readInt());
            ThreadState.Rpc rpc = rpc(s.readByte());
            Tcb runner = thread(s.readInt());
            ThreadState.Saved outer = object(saved, s.readInt());
            long[] registers = array(s.readInt());
            saved.add(new ThreadState.Saved(kind, accepting, open, from, descriptor, timeout, waker, tr, rpc, runner, outer, registers));
        }
        for (int i = 0; i < faultRpcs.length; i++) transfers.get(i).faultRpc = object(saved, faultRpcs[i]);
    }

    /**
     * One transfer with its cursors (see {@link SnapshotWriter}); returns the reference of its
     * fault RPC's record, which the saved-state table after it resolves.
     */
    private int transfer(DataInputStream s) throws IOException {
        Tcb sender = thread(s.readInt());
        Tcb receiver = thread(s.readInt());
        ThreadState.Kind receiverKind = kind(s.readByte());
        SendPhase message = object(sends, s.readInt());
        long receiveDescriptor = s.readLong();
        int receiverTimeout = s.readInt();
        boolean memoryPart = s.readBoolean();
        boolean mapItems = s.readBoolean();
        if (sender == null || receiver == null || message == null) throw new IllegalArgumentException("a transfer without sender, receiver or message");
        Transfer tr = new Transfer(sender, receiver, receiverKind, message, receiveDescriptor, receiverTimeout, memoryPart, mapItems);
        tr.aborted = s.readBoolean();
        tr.stage = Transfer.Stage.values()[s.readByte()];
        tr.step = s.readInt();
        tr.access = s.readInt();
        tr.index = s.readInt();
        tr.offset = s.readLong();
        tr.accessDone = s.readInt();
        tr.value = s.readLong();
        s.readFully(tr.word);
        int chunk = s.readInt();
        if (chunk != -1) {
            if (chunk != PAGE) throw new IllegalArgumentException("a transfer's chunk of " + chunk + " bytes");
            tr.chunk = new byte[chunk];
            s.readFully(tr.chunk);
        }
        tr.chunkLength = s.readInt();
        tr.senderBuffer = s.readLong();
        tr.receiverBuffer = s.readLong();
        tr.sizeDope = s.readLong();
        tr.sendDope = s.readLong();
        tr.receiveSizeDope = s.readLong();
        tr.words = s.readInt();
        tr.strings = s.readInt();
        tr.senderCapacity = s.readInt();
        tr.capacity = s.readInt();
        tr.receiverStrings = s.readInt();
        tr.deliveredWords = s.readInt();
        tr.deliveredStrings = s.readInt();
        tr.cut = s.readBoolean();
        tr.sendSize = s.readLong();
        tr.sendAddress = s.readLong();
        tr.receiveSize = s.readLong();
        tr.receiveAddress = s.readLong();
        tr.stringLength = s.readLong();
        boolean window = s.readBoolean();
        long windowWord = s.readLong();
        tr.window = window ? Fpage.decode(windowWord) : null;
        tr.hotSpot = s.readLong();
        tr.failure = s.readInt();
        tr.memoryWordsDone = s.readInt();
        tr.stringsDone = s.readInt();
        tr.mapped = s.readBoolean();
        tr.senderError = s.readInt();
        tr.receiverError = s.readInt();
        tr.faulter = thread(s.readInt());
        int faultRpc = s.readInt();
        tr.faultMicros = s.readLong();
        tr.faultResult = s.readInt();
        if (tr.chunkLength < 0 || tr.chunkLength > PAGE || tr.accessDone < 0 || tr.accessDone > PAGE
                || (tr.faulter == null) != (faultRpc == SnapshotFormat.NONE)) {
            throw new IllegalArgumentException("a transfer's cursors out of range");
        }
        transfers.add(tr);
        return faultRpc;
    }

    private void tcbs(DataInputStream s) throws IOException, SnapshotException {
        for (Task task : k.tasks) {
            if (task.threads == null) continue;
            for (Tcb t : task.threads) tcb(s, t);
        }
    }

    private void tcb(DataInputStream s, Tcb t) throws IOException, SnapshotException {
        t.touched = s.readBoolean();
        t.priority = s.readInt();
        t.timesliceMicros = s.readLong();
        t.sliceLeftCycles = s.readLong();
        t.cpuCycles = s.readLong();
        t.pager = id(s);
        t.excepter = id(s);
        t.externalPreempter = id(s);
        t.flags = s.readLong();
        t.vectorTable = s.readLong();
        t.vectorCount = s.readInt();
        t.attachedIrqs = s.readLong();
        int code = s.readByte();
        if (code == SnapshotFormat.CODE_JAVA) javaThreads.add(t);
        else if (code != SnapshotFormat.CODE_NONE && code != SnapshotFormat.CODE_GUEST) {
            throw new SnapshotException("thread " + t.id() + " has code of unknown kind " + code);
        }
        int registers = s.readUnsignedShort();
        if (registers != t.registers.count()) throw new SnapshotException("thread " + t.id() + " has " + registers + " registers");
        for (int i = 0; i < registers; i++) t.registers.set(i, s.readLong());
        t.alien = s.readBoolean();
        if (code == SnapshotFormat.CODE_GUEST) guest(s, t);
        ThreadState.Kind kind = kind(s.readByte());
        Tcb partner = thread(s.readInt());
        SendPhase send = object(sends, s.readInt());
        boolean queued = s.readBoolean();
        boolean accepting = s.readBoolean();
        boolean open = s.readBoolean();
        ThreadId from = id(s);
        long descriptor = s.readLong();
        int timeout = s.readInt();
        Transfer transfer = object(transfers, s.readInt());
        IpcOutcome outcome = outcome(s.readInt());
        Tcb waker = thread(s.readInt());
        ThreadState.Phase phase = ThreadState.Phase.values()[s.readByte()];
        ThreadState.Rpc rpc = rpc(s.readByte());
        Tcb runner = thread(s.readInt());
        ThreadState.Saved savedState = object(saved, s.readInt());
        boolean picked = s.readBoolean();
        boolean openBeforePick = s.readBoolean();
        ThreadId fromBeforePick = id(s);
        t.state.load(new ThreadState.Image(kind, partner, send, queued, accepting, open, from, descriptor, timeout, transfer,
                outcome, waker == null ? t : waker, phase, rpc, runner, savedState, picked, openBeforePick, fromBeforePick));
        int senders = s.readUnsignedShort();
        for (int i = 0; i < senders; i++) t.senders.addLast(thread(s.readInt()));
        long[] args = array(s.readInt());
        long[] results = array(s.readInt());
        long[] sendWords = array(s.readInt());
        long[] receivedWords = array(s.readInt());
        IpcOutcome delivered = outcome(s.readInt());
        t.loadBuffers(new Tcb.Buffers(args, results, sendWords, receivedWords, delivered));
    }

    /** A guest thread: its context (fresh frames filled from the table) and the rest of its user state. */
    private void guest(DataInputStream s, Tcb t) throws IOException, SnapshotException {
        if (k.userCpu == null) throw new SnapshotException("thread " + t.id() + " runs guest code, but this " + arch.name() + " machine has no guest CPU");
        GuestContext.Pending pending = GuestContext.Pending.values()[s.readByte()];
        ThreadState.Saved savedState = object(saved, s.readInt());
        long[] out = array(s.readInt());
        long[] in = array(s.readInt());
        if (out == null || in == null || out.length != k.userCpu.frameWords() || in.length != out.length) {
            throw new SnapshotException("thread " + t.id() + "'s exception frames do not fit this machine's guest CPU");
        }
        GuestContext g = new GuestContext(out.length);
        System.arraycopy(out, 0, g.frameOut, 0, out.length);
        System.arraycopy(in, 0, g.frameIn, 0, in.length);
        frames.put(out, g.frameOut);
        frames.put(in, g.frameIn);
        g.pending = pending;
        g.saved = savedState;
        g.frameInWords = s.readInt();
        g.frameSending = s.readBoolean();
        g.lastCode = s.readInt();
        g.lastCause = s.readLong();
        g.lastIp = s.readLong();
        g.lastAddress = s.readLong();
        g.exceptions = s.readLong();
        t.guest = g;
        byte[] rest = new byte[count(s, s.readInt(), 1)];
        s.readFully(rest);
        DataInputStream r = new DataInputStream(new ByteArrayInputStream(rest));
        k.userCpu.loadThread(r, t.registers);
        if (r.available() != 0) throw new SnapshotException("thread " + t.id() + "'s user state does not fit this machine's guest CPU");
    }

    private void scheduling(DataInputStream s) throws IOException, SnapshotException {
        String policyName = s.readUTF();
        if (!policyName.equals(k.readyQueue().policy())) throw new SnapshotException("ready queue policy " + policyName + " unknown here");
        List<List<Tcb>> queues = new ArrayList<>();
        for (int p = 0; p < 256; p++) {
            int n = s.readUnsignedShort();
            List<Tcb> q = new ArrayList<>(n);
            for (int i = 0; i < n; i++) q.add(thread(s.readInt()));
            queues.add(q);
        }
        k.readyQueue().restore(queues, thread(s.readInt()));
        List<List<Tcb>> lists = new ArrayList<>();
        java.util.Map<Tcb, Long> ticks = new java.util.IdentityHashMap<>();
        for (int i = 0; i < 3; i++) {
            int n = s.readInt();
            List<Tcb> list = new ArrayList<>(count(s, n, 12));
            for (int j = 0; j < n; j++) {
                Tcb t = thread(s.readInt());
                list.add(t);
                ticks.put(t, s.readLong());
            }
            lists.add(list);
        }
        k.wakeupQueue().restore(lists, ticks::get, s.readLong());
        k.ipc.restore(thread(s.readInt()), thread(s.readInt()));
    }

    private void interrupts(DataInputStream s) throws IOException, SnapshotException {
        int lines = s.readUnsignedShort();
        if (lines != k.interrupts.lines()) throw new SnapshotException("the snapshot's interrupt controller has " + lines + " lines");
        InterruptController pic = k.pic;
        for (int l = 0; l < lines; l++) {
            Tcb handler = thread(s.readInt());
            boolean pending = s.readBoolean();
            long count = s.readLong();
            boolean masked = s.readBoolean();
            boolean requested = s.readBoolean();
            k.interrupts.restoreLine(l, handler, pending, count);
            if (masked != pic.masked(l)) {
                if (masked) pic.mask(l);
                else pic.unmask(l);
            }
            if (requested && !pic.pending(l)) pic.raise(l);
            if (pic.masked(l) != masked || pic.pending(l) != requested) {
                throw new SnapshotException("interrupt line " + l + " cannot be put into its recorded state");
            }
        }
        k.interrupts.restoreRaised(s.readBoolean());
    }

    private void mappings(DataInputStream s) throws IOException, SnapshotException {
        int n = s.readUnsignedShort();
        List<AddressSpace> spaces = new ArrayList<>(n);
        for (int i = 0; i < n; i++) spaces.add(space(s.readShort()));
        int sigma0 = s.readShort();
        k.mappings.restoreSpaces(sigma0 < 0 ? null : space(sigma0), spaces);
        int roots = s.readInt();
        for (int r = 0; r < roots; r++) {
            long frame = s.readLong();
            boolean uncached = s.readBoolean();
            int nodes = s.readInt();
            List<MappingNode> path = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                int depth = s.readInt();
                AddressSpace space = space(s.readShort());
                long va = s.readLong();
                boolean writable = s.readBoolean();
                if (depth < 0 || depth > path.size() || (i == 0) != (depth == 0)) {
                    throw new SnapshotException("corrupt snapshot: mapping tree of frame 0x" + Long.toHexString(frame) + " out of order");
                }
                while (path.size() > depth) path.remove(path.size() - 1);
                MappingNode parent = depth == 0 ? null : path.get(depth - 1);
                path.add(k.mappings.restoreNode(parent, space, va, frame, writable, uncached));
            }
        }
    }

    private void pageTables(DataInputStream s) throws IOException, SnapshotException {
        int n = s.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            AddressSpace space = space(s.readShort());
            int entries = s.readInt();
            for (int e = 0; e < entries; e++) {
                long va = s.readLong();
                long pa = s.readLong();
                int size = s.readByte();
                space.mmu().map(va, pa, size, s.readBoolean(), s.readBoolean());
            }
        }
        int active = s.readShort();
        if (active >= 0) k.mmu.activate(space(active).mmu());
        List<MmuSpace> spaces = new ArrayList<>();
        for (Task t : k.tasks) if (t.space != null) spaces.add(t.space.mmu());
        byte[] hidden = new byte[count(s, s.readInt(), 1)];
        s.readFully(hidden);
        DataInputStream h = new DataInputStream(new ByteArrayInputStream(hidden));
        k.mmu.loadState(h, spaces);
        if (h.available() != 0) throw new SnapshotException("corrupt snapshot: the MMU model's state has " + h.available() + " bytes left over");
    }

    private void ioPorts(DataInputStream s) throws IOException, SnapshotException {
        boolean present = s.readBoolean();
        if (present != (k.ioPorts != null)) throw new SnapshotException("the snapshot's I/O port database does not fit this machine");
        if (!present) return;
        int sets = s.readUnsignedShort();
        for (int i = 0; i < sets; i++) {
            int task = s.readUnsignedShort();
            long[] words = new long[s.readUnsignedShort()];
            for (int j = 0; j < words.length; j++) words[j] = s.readLong();
            k.ioPorts.restoreSet(task, BitSet.valueOf(words));
        }
        int ports = s.readInt();
        for (int i = 0; i < ports; i++) {
            int port = s.readUnsignedShort();
            int holders = s.readUnsignedShort();
            for (int j = 0; j < holders; j++) k.ioPorts.restoreHolder(port, s.readUnsignedShort(), s.readUnsignedShort());
        }
    }

    private void memory(DataInputStream s) throws IOException, SnapshotException {
        PhysicalMemory mem = k.physical;
        if (s.readInt() != mem.frames()) throw new SnapshotException("the snapshot's physical memory has another size");
        int n = s.readInt();
        byte[] frame = new byte[PhysicalMemory.FRAME_SIZE];
        for (int i = 0; i < n; i++) {
            int index = s.readInt();
            if (index < 0 || index >= mem.frames()) throw new SnapshotException("corrupt snapshot: frame " + index + " outside memory");
            s.readFully(frame);
            mem.write((long) index << PhysicalMemory.FRAME_BITS, frame);
        }
    }

    // ---- after the sections --------------------------------------------------------------------

    /** Time, trace and counters last: page-table and MMU work above may have charged the clock. */
    private void finish() throws SnapshotException {
        k.clock.restore(clockState[0], clockState[1], clockState[2]);
        k.trace.restore(traceState[0], traceState[1]);
        KernelStats st = k.stats;
        long[] v = statsState;
        st.syscalls = v[0];
        st.ipcs = v[1];
        st.pageFaults = v[2];
        st.threadSwitches = v[3];
        st.spaceSwitches = v[4];
        st.interrupts = v[5];
        st.timeouts = v[6];
        st.exceptions = v[7];
        st.ticks = v[8];
        st.kernelErrors = v[9];
        st.guestInstructions = v[10];
        k.restoreCurrent(thread(currentRef), clockState[3]);
    }

    /** Applies the policy for threads whose code was Java; returns what became of each. */
    private List<String> javaCode() throws SnapshotException {
        List<String> notes = new ArrayList<>();
        if (javaThreads.isEmpty()) return notes;
        if (policy == JavaThreads.REFUSE) {
            StringBuilder names = new StringBuilder();
            for (Tcb t : javaThreads) {
                if (names.length() > 0) names.append(", ");
                names.append(describe(t));
            }
            throw new SnapshotException("the snapshot holds " + javaThreads.size() + " thread(s) whose code is Java, which no snapshot holds: "
                    + names + "; import them with their code ended instead");
        }
        List<Tcb> stop = new ArrayList<>();
        for (Tcb t : javaThreads) {
            ThreadState.Image st = t.state.image();
            if (!continuesAsData(t)) {
                stop.add(t);
                continue;
            }
            boolean running = t == k.current();
            k.adoptWithoutCode(t, running);
            notes.add("thread " + describe(t) + ": Java code not in the snapshot; "
                    + (st.phase() != ThreadState.Phase.NONE ? "it finishes its IPC, then its code ends"
                    : running ? "its code ends after its preemption point" : "its code ends when it next runs"));
        }
        for (Tcb t : stop) {
            String was = describe(t);
            k.stopImported(t);
            if (k.current() == t) k.restoreCurrent(null, k.accountedAt());
            notes.add("thread " + was + ": stopped at the import (its kernel RPC went on on its Java host stack)");
        }
        return notes;
    }

    /**
     * Whether a Java thread's kernel state is all its continuation: outside any kernel RPC, or
     * in the page-fault RPC of a long IPC's copy (the transfer waits for it; the copy and the
     * thread's IPC call go on from data). A page fault of its own access, an exception or a
     * preemption RPC goes on in Java code after the reply; so does a thread that receives the
     * reply to its own page fault.
     */
    private boolean continuesAsData(Tcb t) {
        ThreadState.Image st = t.state.image();
        if (st.rpc() == null) return st.saved() == null && !answersOwnFault(t, st.transfer());
        if (st.rpc() != ThreadState.Rpc.PAGE_FAULT || st.saved() == null || st.saved().outer() != null) return false;
        for (Transfer tr : transfers) {
            if (tr.faulter == t && tr.faultRpc == st.saved()) return !answersOwnFault(t, st.saved().transfer());
        }
        return false;
    }

    /** Whether {@code tr} carries the reply to {@code t}'s own page fault (t then goes on in Java code). */
    private static boolean answersOwnFault(Tcb t, Transfer tr) {
        return tr != null && tr.receiver == t && tr.receiverKind == ThreadState.Kind.PAGE_FAULT;
    }

    private static String describe(Tcb t) {
        String label = t.task.label == null || t.task.label.isEmpty() ? "" : " " + t.task.label;
        return t.id() + " (" + label.trim() + (label.isEmpty() ? "" : ", ") + t.state.label() + ")";
    }

    // ---- references ----------------------------------------------------------------------------

    private Tcb thread(int ref) {
        if (ref == SnapshotFormat.NO_THREAD) return null;
        int task = ref / ThreadId.THREADS_PER_TASK;
        if (ref < 0 || task >= k.tasks.length || k.tasks[task].threads == null) {
            throw new IllegalArgumentException("reference to a thread of inactive task " + task);
        }
        return k.tasks[task].threads[ref % ThreadId.THREADS_PER_TASK];
    }

    private AddressSpace space(int task) {
        if (task < 0 || task >= k.tasks.length || k.tasks[task].space == null) {
            throw new IllegalArgumentException("reference to the address space of inactive task " + task);
        }
        return k.tasks[task].space;
    }

    private long[] array(int id) { return object(arrays, id); }

    private static <T> T object(List<T> table, int id) {
        if (id == SnapshotFormat.NONE) return null;
        if (id < 0 || id >= table.size()) throw new IllegalArgumentException("object reference " + id + " outside its table");
        return table.get(id);
    }

    private IpcOutcome outcome(int id) {
        if (id == SnapshotFormat.PICKED) return IpcPath.marker(1);
        if (id == SnapshotFormat.SENDER_GONE) return IpcPath.marker(2);
        return object(outcomes, id);
    }

    /**
     * A count read from the file, checked against the bytes left ({@code each} at least per item),
     * so that a corrupt count is an error, not an attempt to allocate gigabytes.
     */
    private static int count(DataInputStream s, int n, int each) throws IOException {
        if (n < 0 || (long) n * each > s.available()) throw new IOException("count " + n + " exceeds what is left of the section");
        return n;
    }

    private static ThreadState.Kind kind(int ordinal) { return ThreadState.Kind.values()[ordinal]; }

    private static ThreadState.Rpc rpc(int ordinal) { return ordinal < 0 ? null : ThreadState.Rpc.values()[ordinal]; }

    private static ThreadId id(DataInputStream s) throws IOException { return ThreadId.ofRaw(s.readLong()); }
}
