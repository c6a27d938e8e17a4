package l4.kernel.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import l4.api.ThreadId;
import l4.kernel.irq.Interrupts;
import l4.kernel.Kernel;
import l4.kernel.meter.KernelStats;
import l4.kernel.io.IoPortDatabase;
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
import l4.kernel.sched.ReadyQueue;
import l4.spi.HardwareMapping;
import l4.spi.InterruptController;
import l4.spi.MmuSpace;
import l4.spi.RegisterFile;

/**
 * Writes a machine's kernel state in the snapshot format ({@link SnapshotFormat}). Runs in
 * kernel context while the machine is paused, so nothing changes under it; it changes nothing.
 * Objects several holders share (a transfer both partners point to, a thread's buffers that its
 * send phase uses) go into object tables once and are referenced by number, so an import gets
 * the same sharing back.
 */
public final class SnapshotWriter {
    private final Kernel k;
    private final Map<long[], Integer> arrays = new IdentityHashMap<>();
    private final List<long[]> arrayList = new ArrayList<>();
    private final Map<IpcOutcome, Integer> outcomes = new IdentityHashMap<>();
    private final List<IpcOutcome> outcomeList = new ArrayList<>();
    private final Map<SendPhase, Integer> sends = new IdentityHashMap<>();
    private final List<SendPhase> sendList = new ArrayList<>();
    private final Map<Transfer, Integer> transfers = new IdentityHashMap<>();
    private final List<Transfer> transferList = new ArrayList<>();
    private final Map<ThreadState.Saved, Integer> saved = new IdentityHashMap<>();
    private final List<ThreadState.Saved> savedList = new ArrayList<>();

    private SnapshotWriter(Kernel k) {
        this.k = k;
    }

    /** The snapshot of {@code k}'s kernel state; kernel context only. */
    public static byte[] write(Kernel k) {
        try {
            return new SnapshotWriter(k).write();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
    }

    private byte[] write() throws IOException {
        List<Tcb> tcbs = new ArrayList<>();
        for (Task t : k.tasks) if (t.threads != null) for (Tcb tcb : t.threads) tcbs.add(tcb);
        for (Tcb t : tcbs) collect(t);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(SnapshotFormat.MAGIC);
        out.writeShort(SnapshotFormat.VERSION);
        out.writeUTF(k.arch.name());
        section(out, "MACH", this::machine);
        section(out, "CLCK", this::clock);
        section(out, "TRCE", o -> {
            o.writeLong(k.trace.events());
            o.writeLong(k.trace.digest());
        });
        section(out, "STAT", this::stats);
        section(out, "CODE", o -> o.writeInt(k.code.size()));
        section(out, "TASK", this::tasks);
        section(out, "OBJS", this::objects);
        section(out, "TCBS", o -> {
            for (Tcb t : tcbs) tcb(o, t);
        });
        section(out, "SCHD", this::scheduling);
        section(out, "IRQS", this::interrupts);
        section(out, "MAPS", this::mappings);
        section(out, "PGTB", this::pageTables);
        section(out, "IOPT", this::ioPorts);
        section(out, "PMEM", this::memory);
        section(out, "END ", o -> { });
        out.flush();
        return bytes.toByteArray();
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static void section(DataOutputStream out, String tag, Body body) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(b);
        body.write(o);
        o.flush();
        out.writeInt(SnapshotFormat.tag(tag));
        out.writeInt(b.size());
        b.writeTo(out);
    }

    // ---- sections ----------------------------------------------------------------------------

    private void machine(DataOutputStream o) throws IOException {
        o.writeInt(k.arch.wordBits());
        o.writeInt(k.arch.messageRegisters());
        o.writeInt(k.abi.newRegisterFile().count());
        o.writeLong(k.arch.clockHz());
        o.writeLong(k.arch.timerTickMicros());
        o.writeLong(k.physical.bytes());
        o.writeUTF(k.config.scheduler.name());
        o.writeInt(k.config.bootPriority);
        o.writeLong(k.config.bootSliceMicros);
        o.writeInt(k.config.archOptions.size());
        for (Map.Entry<String, Object> e : k.config.archOptions.entrySet()) {
            o.writeUTF(e.getKey());
            o.writeUTF(String.valueOf(e.getValue()));
        }
    }

    private void clock(DataOutputStream o) throws IOException {
        o.writeLong(k.clock.cycles());
        o.writeLong(k.clock.nextTickCycle());
        o.writeLong(k.clock.ticks());
        o.writeLong(k.accountedAt());
        o.writeInt(ref(k.current()));
    }

    private void stats(DataOutputStream o) throws IOException {
        KernelStats s = k.stats;
        for (long v : new long[] {s.syscalls, s.ipcs, s.pageFaults, s.threadSwitches, s.spaceSwitches, s.interrupts,
                s.timeouts, s.exceptions, s.ticks, s.kernelErrors, s.guestInstructions}) {
            o.writeLong(v);
        }
    }

    /** Tasks that differ from a never-used task number: active, owned, or renamed. */
    private void tasks(DataOutputStream o) throws IOException {
        List<Task> used = new ArrayList<>();
        for (Task t : k.tasks) {
            if (t.active || t.everOwned || t.chief != null || !t.clan.isEmpty() || t.id().raw() != new Task(t.number).id().raw()) used.add(t);
        }
        o.writeInt(k.tasks.length);
        o.writeInt(used.size());
        for (Task t : used) {
            o.writeShort(t.number);
            o.writeLong(t.id().raw());
            o.writeShort(t.chief == null ? -1 : t.chief.number);
            o.writeInt(t.mcp);
            o.writeBoolean(t.active);
            o.writeBoolean(t.everOwned);
            o.writeUTF(t.label == null ? "" : t.label);
            o.writeShort(t.clan.size());
            for (Task c : t.clan) o.writeShort(c.number);
        }
    }

    private void objects(DataOutputStream o) throws IOException {
        o.writeInt(arrayList.size());
        for (long[] a : arrayList) {
            o.writeInt(a.length);
            for (long v : a) o.writeLong(v);
        }
        o.writeInt(outcomeList.size());
        for (IpcOutcome x : outcomeList) {
            o.writeInt(x.cc);
            id(o, x.source);
            o.writeInt(array(x.words));
            id(o, x.intended);
        }
        o.writeInt(sendList.size());
        for (SendPhase m : sendList) {
            o.writeLong(m.descriptor);
            o.writeInt(array(m.words));
            id(o, m.intended);
            id(o, m.source);
            o.writeBoolean(m.deceived);
            o.writeBoolean(m.redirected);
            o.writeBoolean(m.fromInner);
            o.writeInt(m.timeout == null ? 0 : m.timeout.raw());
            o.writeLong(m.sendMicros);
            o.writeBoolean(m.pagefaultRpc);
            o.writeInt(array(m.kernelFrame));
        }
        o.writeInt(transferList.size());
        for (Transfer tr : transferList) transfer(o, tr);
        o.writeInt(savedList.size());
        for (ThreadState.Saved s : savedList) {
            o.writeByte(s.kind().ordinal());
            o.writeBoolean(s.accepting());
            o.writeBoolean(s.open());
            id(o, s.from());
            o.writeLong(s.descriptor());
            o.writeInt(s.timeout());
            o.writeInt(ref(s.waker()));
            o.writeInt(object(transfers, s.transfer()));
            o.writeByte(s.rpc() == null ? -1 : s.rpc().ordinal());
            o.writeInt(ref(s.runner()));
            o.writeInt(object(saved, s.outer()));
            o.writeInt(array(s.registers()));
        }
    }

    /**
     * A transfer in progress with everything the copy goes on from: the message and receive
     * spec, the cursors, the in-flight word and chunk, the counts so far and the page-fault RPC
     * it waits for (its record refers forward into the saved-state table, written next).
     */
    private void transfer(DataOutputStream o, Transfer tr) throws IOException {
        o.writeInt(ref(tr.sender));
        o.writeInt(ref(tr.receiver));
        o.writeByte(tr.receiverKind.ordinal());
        o.writeInt(object(sends, tr.message));
        o.writeLong(tr.receiveDescriptor);
        o.writeInt(tr.receiverTimeout);
        o.writeBoolean(tr.memoryPart);
        o.writeBoolean(tr.mapItems);
        o.writeBoolean(tr.aborted);
        o.writeByte(tr.stage.ordinal());
        o.writeInt(tr.step);
        o.writeInt(tr.access);
        o.writeInt(tr.index);
        o.writeLong(tr.offset);
        o.writeInt(tr.accessDone);
        o.writeLong(tr.value);
        o.write(tr.word);
        o.writeInt(tr.chunk == null ? -1 : tr.chunk.length);
        if (tr.chunk != null) o.write(tr.chunk);
        o.writeInt(tr.chunkLength);
        o.writeLong(tr.senderBuffer);
        o.writeLong(tr.receiverBuffer);
        o.writeLong(tr.sizeDope);
        o.writeLong(tr.sendDope);
        o.writeLong(tr.receiveSizeDope);
        o.writeInt(tr.words);
        o.writeInt(tr.strings);
        o.writeInt(tr.senderCapacity);
        o.writeInt(tr.capacity);
        o.writeInt(tr.receiverStrings);
        o.writeInt(tr.deliveredWords);
        o.writeInt(tr.deliveredStrings);
        o.writeBoolean(tr.cut);
        o.writeLong(tr.sendSize);
        o.writeLong(tr.sendAddress);
        o.writeLong(tr.receiveSize);
        o.writeLong(tr.receiveAddress);
        o.writeLong(tr.stringLength);
        o.writeBoolean(tr.window != null);
        o.writeLong(tr.window == null ? 0 : tr.window.encode());
        o.writeLong(tr.hotSpot);
        o.writeInt(tr.failure);
        o.writeInt(tr.memoryWordsDone);
        o.writeInt(tr.stringsDone);
        o.writeBoolean(tr.mapped);
        o.writeInt(tr.senderError);
        o.writeInt(tr.receiverError);
        o.writeInt(ref(tr.faulter));
        o.writeInt(object(saved, tr.faultRpc));
        o.writeLong(tr.faultMicros);
        o.writeInt(tr.faultResult);
    }

    private void tcb(DataOutputStream o, Tcb t) throws IOException {
        o.writeBoolean(t.touched);
        o.writeInt(t.priority);
        o.writeLong(t.timesliceMicros);
        o.writeLong(t.sliceLeftCycles);
        o.writeLong(t.cpuCycles);
        id(o, t.pager);
        id(o, t.excepter);
        id(o, t.externalPreempter);
        o.writeLong(t.flags);
        o.writeLong(t.vectorTable);
        o.writeInt(t.vectorCount);
        o.writeLong(t.attachedIrqs);
        o.writeByte(t.guest != null ? SnapshotFormat.CODE_GUEST : t.coroutine != null ? SnapshotFormat.CODE_JAVA : SnapshotFormat.CODE_NONE);
        RegisterFile r = t.registers;
        o.writeShort(r.count());
        for (int i = 0; i < r.count(); i++) o.writeLong(r.get(i));
        o.writeBoolean(t.alien);
        if (t.guest != null) guest(o, t);
        ThreadState.Image s = t.state.image();
        o.writeByte(s.kind().ordinal());
        o.writeInt(ref(s.partner()));
        o.writeInt(object(sends, s.send()));
        o.writeBoolean(s.queued());
        o.writeBoolean(s.accepting());
        o.writeBoolean(s.open());
        id(o, s.from());
        o.writeLong(s.descriptor());
        o.writeInt(s.timeout());
        o.writeInt(object(transfers, s.transfer()));
        o.writeInt(outcome(s.outcome()));
        o.writeInt(ref(s.waker()));
        o.writeByte(s.phase().ordinal());
        o.writeByte(s.rpc() == null ? -1 : s.rpc().ordinal());
        o.writeInt(ref(s.runner()));
        o.writeInt(object(saved, s.saved()));
        o.writeBoolean(s.picked());
        o.writeBoolean(s.openBeforePick());
        id(o, s.fromBeforePick());
        o.writeShort(t.senders.size());
        for (Tcb sender : t.senders) o.writeInt(ref(sender));
        Tcb.Buffers b = t.buffers();
        o.writeInt(array(b.ipcArguments()));
        o.writeInt(array(b.ipcResults()));
        o.writeInt(array(b.sendWords()));
        o.writeInt(array(b.receivedWords()));
        o.writeInt(outcome(b.delivered()));
    }

    /** A guest thread's kernel operation in progress, its exception frames, the rest of its user state. */
    private void guest(DataOutputStream o, Tcb t) throws IOException {
        GuestContext g = t.guest;
        o.writeByte(g.pending.ordinal());
        o.writeInt(object(saved, g.saved));
        o.writeInt(array(g.frameOut));
        o.writeInt(array(g.frameIn));
        o.writeInt(g.frameInWords);
        o.writeBoolean(g.frameSending);
        o.writeInt(g.lastCode);
        o.writeLong(g.lastCause);
        o.writeLong(g.lastIp);
        o.writeLong(g.lastAddress);
        o.writeLong(g.exceptions);
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        DataOutputStream r = new DataOutputStream(rest);
        if (k.userCpu != null) k.userCpu.saveThread(t.registers, r);
        r.flush();
        o.writeInt(rest.size());
        rest.writeTo(o);
    }

    private void scheduling(DataOutputStream o) throws IOException {
        ReadyQueue<Tcb> ready = k.readyQueue();
        o.writeUTF(ready.policy());
        for (int p = 0; p < 256; p++) {
            List<Tcb> q = ready.queued(p);
            o.writeShort(q.size());
            for (Tcb t : q) o.writeInt(ref(t));
        }
        o.writeInt(ref(ready.running()));
        var wakeups = k.wakeupQueue();
        for (List<Tcb> list : wakeups.lists()) {
            o.writeInt(list.size());
            for (Tcb t : list) {
                o.writeInt(ref(t));
                o.writeLong(wakeups.deadline(t));
            }
        }
        o.writeLong(wakeups.scanned());
        o.writeInt(ref(k.ipc.preferNext()));
        o.writeInt(ref(k.ipc.lastDelivered()));
    }

    private void interrupts(DataOutputStream o) throws IOException {
        Interrupts irqs = k.interrupts;
        InterruptController pic = k.pic;
        o.writeShort(irqs.lines());
        for (int l = 0; l < irqs.lines(); l++) {
            o.writeInt(ref(irqs.handler(l)));
            o.writeBoolean(irqs.pendingLine(l));
            o.writeLong(irqs.count(l));
            o.writeBoolean(pic.masked(l));
            o.writeBoolean(pic.pending(l));
        }
        o.writeBoolean(irqs.raised());
    }

    private void mappings(DataOutputStream o) throws IOException {
        List<AddressSpace> spaces = k.mappings.spaces();
        o.writeShort(spaces.size());
        for (AddressSpace s : spaces) o.writeShort(spaceOwner(s));
        AddressSpace s0 = k.mappings.sigma0();
        o.writeShort(s0 == null ? -1 : spaceOwner(s0));
        List<MappingNode> roots = k.mappings.roots();
        o.writeInt(roots.size());
        for (MappingNode root : roots) {
            List<MappingNode> tree = new ArrayList<>();
            List<Integer> depths = new ArrayList<>();
            preOrder(root, 0, tree, depths);
            o.writeLong(root.frame());
            o.writeBoolean(root.uncached());
            o.writeInt(tree.size());
            for (int i = 0; i < tree.size(); i++) {
                MappingNode n = tree.get(i);
                o.writeInt(depths.get(i));
                o.writeShort(spaceOwner(n.space()));
                o.writeLong(n.virtualAddress());
                o.writeBoolean(n.writable());
            }
        }
    }

    /** The space's task; a space of a task that is gone (or replaced) cannot be in a snapshot. */
    private int spaceOwner(AddressSpace s) {
        Task t = k.tasks[s.taskNumber()];
        if (t.space != s) throw new IllegalStateException("the mapping database holds a space of task " + s.taskNumber() + " that is not its current one");
        return s.taskNumber();
    }

    private static void preOrder(MappingNode root, int depth, List<MappingNode> out, List<Integer> depths) {
        java.util.ArrayDeque<MappingNode> stack = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<Integer> ds = new java.util.ArrayDeque<>();
        stack.push(root);
        ds.push(depth);
        while (!stack.isEmpty()) {
            MappingNode n = stack.pop();
            int d = ds.pop();
            out.add(n);
            depths.add(d);
            List<MappingNode> children = n.children();
            for (int i = children.size() - 1; i >= 0; i--) {
                stack.push(children.get(i));
                ds.push(d + 1);
            }
        }
    }

    private void pageTables(DataOutputStream o) throws IOException {
        List<Task> withSpace = new ArrayList<>();
        for (Task t : k.tasks) if (t.space != null) withSpace.add(t);
        o.writeShort(withSpace.size());
        int active = -1;
        for (Task t : withSpace) {
            MmuSpace m = t.space.mmu();
            if (k.mmu.active() == m) active = t.number;
            List<HardwareMapping> entries = m.entries();
            o.writeShort(t.number);
            o.writeInt(entries.size());
            for (HardwareMapping h : entries) {
                o.writeLong(h.virtualAddress());
                o.writeLong(h.physicalAddress());
                o.writeByte(h.sizeLog2());
                o.writeBoolean(h.writable());
                o.writeBoolean(h.uncached());
            }
        }
        o.writeShort(active);
        List<MmuSpace> spaces = new ArrayList<>();
        for (Task t : withSpace) spaces.add(t.space.mmu());
        ByteArrayOutputStream hidden = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(hidden);
        k.mmu.saveState(h, spaces);
        h.flush();
        o.writeInt(hidden.size());
        hidden.writeTo(o);
    }

    private void ioPorts(DataOutputStream o) throws IOException {
        IoPortDatabase io = k.ioPorts;
        o.writeBoolean(io != null);
        if (io == null) return;
        List<Integer> sets = new ArrayList<>();
        for (int t = 0; t < k.tasks.length; t++) if (io.hasSet(t)) sets.add(t);
        o.writeShort(sets.size());
        for (int t : sets) {
            o.writeShort(t);
            long[] words = io.ports(t).toLongArray();
            o.writeShort(words.length);
            for (long w : words) o.writeLong(w);
        }
        List<Integer> ports = new ArrayList<>();
        for (int p = 0; p < IoPortDatabase.PORTS; p++) if (!io.holders(p).isEmpty()) ports.add(p);
        o.writeInt(ports.size());
        for (int p : ports) {
            Map<Integer, Integer> h = io.holders(p);
            o.writeShort(p);
            o.writeShort(h.size());
            for (Map.Entry<Integer, Integer> e : h.entrySet()) {
                o.writeShort(e.getKey());
                o.writeShort(e.getValue());
            }
        }
    }

    /** RAM frames that hold a non-zero byte; every other frame reads as zeros. */
    private void memory(DataOutputStream o) throws IOException {
        PhysicalMemory mem = k.physical;
        byte[] frame = new byte[PhysicalMemory.FRAME_SIZE];
        List<Integer> nonZero = new ArrayList<>();
        for (int i = 0; i < mem.frames(); i++) {
            if (!mem.touched(i)) continue;
            mem.read((long) i << PhysicalMemory.FRAME_BITS, frame, 0, frame.length);
            if (!zero(frame)) nonZero.add(i);
        }
        o.writeInt(mem.frames());
        o.writeInt(nonZero.size());
        for (int i : nonZero) {
            mem.read((long) i << PhysicalMemory.FRAME_BITS, frame, 0, frame.length);
            o.writeInt(i);
            o.write(frame);
        }
    }

    private static boolean zero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    // ---- object tables -----------------------------------------------------------------------

    private void collect(Tcb t) {
        ThreadState.Image s = t.state.image();
        if (t.guest != null) {
            collectSaved(t.guest.saved);
            addArray(t.guest.frameOut);
            addArray(t.guest.frameIn);
        }
        collectSend(s.send());
        collectTransfer(s.transfer());
        collectOutcome(s.outcome());
        collectSaved(s.saved());
        Tcb.Buffers b = t.buffers();
        addArray(b.ipcArguments());
        addArray(b.ipcResults());
        addArray(b.sendWords());
        addArray(b.receivedWords());
        collectOutcome(b.delivered());
    }

    private void collectSaved(ThreadState.Saved s) {
        if (s == null || saved.containsKey(s)) return;
        collectSaved(s.outer()); // outer records first: a record refers only to earlier ones
        add(saved, savedList, s); // before its transfer, whose fault RPC may be this record
        addArray(s.registers());
        collectTransfer(s.transfer());
    }

    private void collectTransfer(Transfer tr) {
        if (tr == null || transfers.containsKey(tr)) return;
        add(transfers, transferList, tr);
        collectSend(tr.message);
        collectSaved(tr.faultRpc);
    }

    private void collectSend(SendPhase m) {
        if (m == null) return;
        add(sends, sendList, m);
        addArray(m.words);
        addArray(m.kernelFrame);
    }

    private void collectOutcome(IpcOutcome o) {
        if (o == null || IpcPath.marker(o) != 0) return;
        addArray(o.words);
        add(outcomes, outcomeList, o);
    }

    private void addArray(long[] a) {
        if (a != null) add(arrays, arrayList, a);
    }

    private static <T> void add(Map<T, Integer> ids, List<T> list, T x) {
        if (ids.containsKey(x)) return;
        ids.put(x, list.size());
        list.add(x);
    }

    private int array(long[] a) { return a == null ? SnapshotFormat.NONE : arrays.get(a); }

    private static <T> int object(Map<T, Integer> ids, T x) { return x == null ? SnapshotFormat.NONE : ids.get(x); }

    private int outcome(IpcOutcome o) {
        if (o == null) return SnapshotFormat.NONE;
        int m = IpcPath.marker(o);
        if (m == 1) return SnapshotFormat.PICKED;
        if (m == 2) return SnapshotFormat.SENDER_GONE;
        return outcomes.get(o);
    }

    static int ref(Tcb t) {
        return t == null ? SnapshotFormat.NO_THREAD : t.task.number * ThreadId.THREADS_PER_TASK + t.lthread;
    }

    private static void id(DataOutputStream o, ThreadId id) throws IOException {
        o.writeLong(id == null ? ThreadId.NIL.raw() : id.raw());
    }
}
