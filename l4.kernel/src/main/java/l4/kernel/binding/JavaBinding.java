package l4.kernel.binding;

import l4.api.ExRegs;
import l4.api.IpcResultBuffer;
import l4.api.IpcResult;
import l4.api.L4;
import l4.api.Nearest;
import l4.api.Schedule;
import l4.api.ThreadBody;
import l4.api.ThreadId;
import l4.api.Timeout;
import l4.api.UserMemory;
import l4.kernel.dispatch.Scheduler;
import l4.kernel.dispatch.SyscallPath;
import l4.kernel.hardware.PortBus;
import l4.kernel.io.IoPortDatabase;
import l4.kernel.ipc.Meter;
import l4.kernel.object.Tcb;
import l4.kernel.rpc.KernelRpc;
import l4.kernel.sched.Clock;
import l4.kernel.thread.ThreadControl;
import l4.kernel.uaccess.UserAccess;
import l4.kernel.user.CodeImage;
import l4.kernel.user.Coroutine;
import l4.spi.Architecture;
import l4.spi.Cost;
import l4.spi.RegisterFile;
import l4.spi.Syscall;
import l4.spi.SyscallAbi;

/**
 * The library stubs of a Java user thread: each call loads the registers per the
 * architecture's ABI and traps; results come back through the registers. Only the thread's own
 * host may call it.
 *
 * <p>The copies of a short IPC's message words, per word and direction (counted by
 * {@code MessageCopiesTest}): this stub loads the caller's word into the sender's word register;
 * the kernel copies it from there straight into the receiver's word register (the one copy of
 * the kernel, {@code IpcPath.finishTransfer}); the receiver's stub unloads it into the array its
 * {@link IpcResult} adopts (or into the caller's {@link IpcResultBuffer}). Two writes of registers and three copies of the value in all, of
 * which the first and the last are this binding's edge: guest code loads and reads its
 * registers itself, so between guest threads the kernel's copy is the only one.
 */
public final class JavaBinding implements L4 {
    /**
     * What the bindings of one machine share: the parts a Java thread's system calls, memory
     * accesses and port accesses reach, given once by the kernel that builds them.
     */
    public record Machine(Architecture arch, SyscallAbi abi, Clock clock, CodeImage code, UserAccess user, KernelRpc rpc,
                          PortBus portBus, IoPortDatabase ioPorts, SyscallPath syscalls, Scheduler scheduler, Meter meter) { }

    private final Machine m;
    private final Architecture arch;
    private final SyscallPath syscalls;
    private final Scheduler scheduler;
    private final Tcb self;
    private final Coroutine coroutine;
    private final SyscallAbi abi;
    private final RegisterFile regs;
    private final int mr;
    private final UserMemory memory;
    private PortAccess ports;

    /**
     * The IPC stub's own blocks for the fixed parameters and results, reused by every call: a
     * short IPC is the operation L4 is measured by. Safe because a binding belongs to one thread,
     * whose calls never overlap (the kernel's nested preemption RPC uses a binding of its own).
     * The message words go from the caller's array straight into the word registers, and from
     * them straight into the result: the binding's edge, one copy each way.
     */
    private final long[] ipcIn;
    private final long[] ipcOut;
    private final int trapIpc;
    private ThreadId lastSource;

    public JavaBinding(Machine m, Tcb self, Coroutine coroutine) {
        this.m = m;
        this.arch = m.arch();
        this.syscalls = m.syscalls();
        this.scheduler = m.scheduler();
        this.self = self;
        this.coroutine = coroutine;
        this.abi = m.abi();
        this.regs = self.registers;
        this.mr = arch.messageRegisters();
        this.memory = new UserMemoryView(m.arch(), m.user(), scheduler, self, this::enter);
        this.ipcIn = new long[Syscall.IPC_WORDS_IN];
        this.ipcOut = new long[Syscall.IPC_WORDS_OUT];
        this.trapIpc = abi.trapNumber(Syscall.IPC);
    }

    /** Every entry checks that the caller is this thread's coroutine and that it is still alive. */
    private void enter() {
        if (coroutine.unwinding()) throw new Coroutine.Unwind();
        if (!coroutine.isCurrentHost()) {
            throw new IllegalStateException("L4 binding of thread " + self.id() + " used from a foreign host thread");
        }
    }

    private long[] trap(Syscall call, long[] args) {
        enter();
        return trapEntered(call, args, null);
    }

    /** The trap proper, after {@link #enter}; results into {@code into}, or a new array if null. */
    private long[] trapEntered(Syscall call, long[] args, long[] into) {
        abi.writeArguments(call, args, regs);
        syscalls.syscall(self, abi.trapNumber(call));
        return into == null ? abi.readResults(call, regs) : abi.readResults(call, regs, into);
    }

    @Override public ThreadId myself() { return self.id(); }
    @Override public String architecture() { return arch.name(); }
    @Override public int messageRegisters() { return mr; }
    @Override public int wordBytes() { return arch.wordBits() / 8; }
    @Override public UserMemory memory() { return memory; }
    @Override public long codeAddress(ThreadBody body) { return m.code().register(body); }
    @Override public long clockMicros() { return m.clock().micros(); }

    @Override
    public long stackPointer() { return self.sp(); }

    @Override
    public long ioRead(int port, int width) { return portAccess().read(port, width); }

    @Override
    public void ioWrite(int port, int width, long value) { portAccess().write(port, width, value); }

    private PortAccess portAccess() {
        if (ports == null) ports = new PortAccess(m.arch(), m.portBus(), m.ioPorts(), m.rpc(), m.meter(), scheduler, self, this::enter);
        return ports;
    }

    @Override
    public void breakpoint() {
        enter();
        throw new ThreadControl.UserTrap(arch.exceptionModel().codeForBreakpoint(), 0, 0, "breakpoint");
    }

    @Override
    public void coprocessor(int unit) {
        enter();
        if (unit < 0 || unit > 3) throw new IllegalArgumentException("coprocessor " + unit + " outside 0..3");
        var em = arch.exceptionModel();
        int code = em.codeForCoprocessorUnusable(unit);
        if (code >= 0) throw new ThreadControl.UserTrap(code, 0, em.coprocessorFlags(unit), "coprocessor " + unit + " unusable");
        scheduler.checkpoint(self);
    }

    @Override
    public boolean loadVectorTable(long base, int vectors) {
        enter();
        if (arch.exceptionModel().delivery() != l4.spi.ExceptionModel.Delivery.REFLECT_TO_VECTOR) return false;
        m.meter().charge(Cost.EXCEPTION);
        self.vectorTable = base;
        self.vectorCount = Math.max(0, Math.min(vectors, 256));
        return true;
    }

    @Override
    public void compute(long cycles) {
        enter();
        if (cycles <= 0) return;
        m.clock().charge(cycles);
        scheduler.checkpoint(self);
    }

    @Override
    public IpcResult ipc(ThreadId dest, long sendDescriptor, long[] words, long receiveDescriptor, ThreadId receiveFrom,
                         ThreadId virtualSender, Timeout timeout) {
        loadIpc(dest, sendDescriptor, words, receiveDescriptor, receiveFrom, virtualSender, timeout);
        if (!syscalls.enterSyscall(self, trapIpc)) {
            // The call waits at the trap, as Kernel.syscall does, with the hand-off made in this
            // frame: at every park and unpark the host copies the frames above its continuation's
            // base, so the kernel's frame is not among them (nor a helper's of this class: both
            // ipc methods wait in their own frame).
            Coroutine mine = self.coroutine;
            do {
                Coroutine to = syscalls.ipcWait(self, mine);
                if (to != null) {
                    to.resume();
                    mine.suspend();
                }
            } while (!syscalls.ipcGoOn(self));
        }
        long[] r = ipcStatus();
        long[] received = new long[mr];
        self.message.copyTo(received);
        return IpcResult.adopt(r[Syscall.IPC_DOPE], source(r[Syscall.IPC_SOURCE], dest), received,
                realDestination(r[Syscall.IPC_INTENDED]));
    }

    @Override
    public IpcResultBuffer ipc(ThreadId dest, long sendDescriptor, long[] words, long receiveDescriptor, ThreadId receiveFrom,
                          ThreadId virtualSender, Timeout timeout, IpcResultBuffer into) {
        loadIpc(dest, sendDescriptor, words, receiveDescriptor, receiveFrom, virtualSender, timeout);
        if (!syscalls.enterSyscall(self, trapIpc)) {
            // As in the other ipc: the hand-off in this frame.
            Coroutine mine = self.coroutine;
            do {
                Coroutine to = syscalls.ipcWait(self, mine);
                if (to != null) {
                    to.resume();
                    mine.suspend();
                }
            } while (!syscalls.ipcGoOn(self));
        }
        long[] r = ipcStatus();
        self.message.copyTo(into.set(r[Syscall.IPC_DOPE], source(r[Syscall.IPC_SOURCE], dest),
                realDestination(r[Syscall.IPC_INTENDED]), mr));
        return into;
    }

    /** The IPC's parameters and words into the registers (the words not given are 0). */
    private void loadIpc(ThreadId dest, long sendDescriptor, long[] words, long receiveDescriptor, ThreadId receiveFrom,
                         ThreadId virtualSender, Timeout timeout) {
        enter(); // before the shared parameter block is touched
        long[] a = ipcIn;
        a[Syscall.IPC_SND] = sendDescriptor;
        a[Syscall.IPC_RCV] = receiveDescriptor;
        a[Syscall.IPC_TIMEOUT] = timeout.raw() & 0xFFFFFFFFL;
        a[Syscall.IPC_DEST] = dest.raw();
        a[Syscall.IPC_RCV_FROM] = receiveFrom.raw();
        a[Syscall.IPC_VSENDER] = virtualSender.raw();
        abi.writeIpcParameters(a, regs);
        self.message.copyFrom(words);
    }

    /** After the trap: the preemption point, then the status block from the registers. */
    private long[] ipcStatus() {
        scheduler.checkpoint(self);
        return abi.readIpcStatus(regs, ipcOut);
    }

    /** The id object for a received source: the destination of a call, or the last source again, else a new one. */
    private ThreadId source(long raw, ThreadId dest) {
        if (raw == dest.raw()) return dest;
        ThreadId last = lastSource;
        if (last != null && last.raw() == raw) return last;
        return lastSource = ThreadId.ofRaw(raw);
    }

    /** The real destination: for a direct message this thread itself, whose id object is kept anyway. */
    private ThreadId realDestination(long raw) {
        ThreadId me = self.id();
        return raw == me.raw() ? me : ThreadId.ofRaw(raw);
    }

    @Override
    public Nearest idNearest(ThreadId dest) {
        long[] r = trap(Syscall.ID_NEAREST, new long[] {dest.raw()});
        return new Nearest((int) r[0], ThreadId.ofRaw(r[1]));
    }

    @Override
    public void fpageUnmap(long fpageWord, long mask) {
        trap(Syscall.FPAGE_UNMAP, new long[] {fpageWord, mask});
    }

    @Override
    public void threadSwitch(ThreadId dest) {
        trap(Syscall.THREAD_SWITCH, new long[] {dest.raw()});
    }

    @Override
    public Schedule threadSchedule(ThreadId dest, long param, ThreadId externalPreempter) {
        long[] r = trap(Syscall.THREAD_SCHEDULE, new long[] {dest.raw(), param, externalPreempter.raw()});
        return new Schedule(r[0], ThreadId.ofRaw(r[1]), ThreadId.ofRaw(r[2]), r[3], r[4]);
    }

    @Override
    public ExRegs lthreadExRegs(int lthread, long ip, long sp, ThreadId pager, ThreadId excepter) {
        long[] r = trap(Syscall.LTHREAD_EX_REGS, new long[] {lthread, ip, sp, pager.raw(), excepter.raw()});
        return new ExRegs(r[0], r[1], ThreadId.ofRaw(r[2]), ThreadId.ofRaw(r[3]), r[4]);
    }

    @Override
    public ThreadId taskNew(ThreadId dest, long mcpOrNewChief, long sp, long ip, ThreadId pager, ThreadId excepter) {
        long[] r = trap(Syscall.TASK_NEW, new long[] {dest.raw(), mcpOrNewChief, sp, ip, pager.raw(), excepter.raw()});
        return ThreadId.ofRaw(r[0]);
    }

}
