package l4.linuxserver.mips;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import l4.linuxserver.fs.Termios;
import l4.linuxserver.mm.AddressSpace;
import l4.linuxserver.sys.Call;
import l4.linuxserver.sys.Errno;
import l4.linuxserver.sys.LinuxAbi;
import l4.linuxserver.sys.SigAction;
import l4.linuxserver.sys.StatInfo;
import l4.linuxserver.sys.UserContext;

/**
 * Linux's MIPS n64 ABI (little endian): system calls 5000 + the numbers of
 * arch/mips/kernel/syscalls/syscall_n64.tbl, number in v0 and arguments in a0..a5; the result in
 * v0 with a3 = 0, or the positive errno in v0 with a3 = 1 (arch/mips/kernel/scall64-n64.S). Errno,
 * signal, flag and structure values are those of arch/mips/include/uapi/asm (errno.h, signal.h,
 * fcntl.h, mman.h, ioctls.h, termbits.h, stat.h, sigcontext.h, ucontext.h).
 */
public final class MipsN64Abi implements LinuxAbi {
    public static final int BASE = 5000;
    private static final long USER_LIMIT = 1L << 40;

    private final Call[] calls = new Call[512];
    private final String[] names = new String[512];

    public MipsN64Abi() {
        try (InputStream in = MipsN64Abi.class.getResourceAsStream("syscall_n64.tbl")) {
            if (in == null) throw new IllegalStateException("syscall_n64.tbl missing");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.trim().split("\\s+");
                int n = Integer.parseInt(f[0]);
                if (n < 0 || n >= calls.length || names[n] != null) throw new IllegalStateException("bad table line: " + line);
                names[n] = f[2];
                calls[n] = Call.named(f[2]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return "mips-n64";
    }

    @Override
    public String machine() {
        return "mips64";
    }

    @Override
    public Call call(long number) {
        long i = number - BASE;
        return i >= 0 && i < calls.length ? calls[(int) i] : null;
    }

    @Override
    public String callName(long number) {
        long i = number - BASE;
        return i >= 0 && i < names.length ? names[(int) i] : null;
    }

    private static final Map<Errno, Integer> ERRNO = new HashMap<>();

    static {
        ERRNO.put(Errno.EDEADLK, 45);
        ERRNO.put(Errno.ENAMETOOLONG, 78);
        ERRNO.put(Errno.ENOLCK, 46);
        ERRNO.put(Errno.ENOSYS, 89);
        ERRNO.put(Errno.ENOTEMPTY, 93);
        ERRNO.put(Errno.ELOOP, 90);
        ERRNO.put(Errno.EOVERFLOW, 79);
        ERRNO.put(Errno.ENOTSOCK, 95);
        ERRNO.put(Errno.EOPNOTSUPP, 122);
        ERRNO.put(Errno.ETIMEDOUT, 145);
    }

    /**
     * MIPS numbers five resources its own way (arch/mips/include/uapi/asm/resource.h): NOFILE 5,
     * AS 6, RSS 7, NPROC 8, MEMLOCK 9, where the generic ones are RSS 5, NPROC 6, NOFILE 7, MEMLOCK 8, AS 9.
     */
    private static final int[] GENERIC_RESOURCE = {0, 1, 2, 3, 4, 7, 9, 5, 6, 8, 10, 11, 12, 13, 14, 15};

    @Override
    public int resource(long n) {
        return n >= 0 && n < GENERIC_RESOURCE.length ? GENERIC_RESOURCE[(int) n] : -1;
    }

    @Override
    public int errno(Errno e) {
        Integer n = ERRNO.get(e);
        return n != null ? n : e.generic;
    }

    @Override
    public int signal(Sig s) {
        return switch (s) {
            case HUP -> 1; case INT -> 2; case QUIT -> 3; case ILL -> 4; case TRAP -> 5; case ABRT -> 6; case FPE -> 8;
            case KILL -> 9; case BUS -> 10; case SEGV -> 11; case SYS -> 12; case PIPE -> 13; case ALRM -> 14;
            case TERM -> 15; case USR1 -> 16; case USR2 -> 17; case CHLD -> 18; case WINCH -> 20; case URG -> 21;
            case STOP -> 23; case TSTP -> 24; case CONT -> 25; case TTIN -> 26; case TTOU -> 27; case VTALRM -> 28;
            case PROF -> 29; case XCPU -> 30; case XFSZ -> 31;
        };
    }

    @Override
    public int signalCount() {
        return 128;
    }

    @Override
    public char defaultAction(int sig) {
        return switch (sig) {
            case 3, 4, 5, 6, 7, 8, 10, 11, 12, 30, 31 -> 'C';
            case 18, 19, 20, 21 -> 'I';
            case 23, 24, 26, 27 -> 'S';
            case 25 -> 'K';
            default -> 'T';
        };
    }

    // native bit, generic bit
    private static final int[][] OPEN_FLAGS = {{0x8, 02000}, {0x10, 010000}, {0x80, 04000}, {0x100, 0100},
        {0x200, 01000}, {0x400, 0200}, {0x800, 0400}, {0x2000, 0100000}, {0x8000, 040000}, {0x10000, 0200000},
        {0x20000, 0400000}, {0x40000, 01000000}, {0x80000, 02000000}, {0x200000, 010000000}};

    @Override
    public int openFlags(int n) {
        int g = n & 3;
        for (int[] f : OPEN_FLAGS) if ((n & f[0]) != 0) g |= f[1];
        return g;
    }

    @Override
    public int nativeOpenFlags(int g) {
        int n = g & 3;
        for (int[] f : OPEN_FLAGS) if ((g & f[1]) != 0) n |= f[0];
        return n;
    }

    @Override
    public boolean mapAnonymous(int flags) {
        return (flags & 0x800) != 0;
    }

    @Override
    public boolean mapFixed(int flags) {
        return (flags & 0x10) != 0;
    }

    @Override
    public boolean mapShared(int flags) {
        return (flags & 0xF) == 1;
    }

    @Override
    public Ioctl ioctl(int request) {
        return switch (request) {
            case 0x540d -> Ioctl.TCGETS;
            case 0x540e -> Ioctl.TCSETS;
            case 0x540f -> Ioctl.TCSETSW;
            case 0x5410 -> Ioctl.TCSETSF;
            case 0x40047477 -> Ioctl.TIOCGPGRP;
            case 0x80047476 -> Ioctl.TIOCSPGRP;
            case 0x40087468 -> Ioctl.TIOCGWINSZ;
            case 0x80087467 -> Ioctl.TIOCSWINSZ;
            case 0x467f -> Ioctl.FIONREAD;
            case 0x667e -> Ioctl.FIONBIO;
            case 0x5480 -> Ioctl.TIOCSCTTY;
            case 0x5471 -> Ioctl.TIOCNOTTY;
            case 0x7416 -> Ioctl.TIOCGSID;
            default -> null;
        };
    }

    // MIPS lflag: IEXTEN 0x100 and TOSTOP 0x8000, the other way round from asm-generic
    private static int swapLflag(int l) {
        int out = l & ~(0x100 | 0x8000);
        if ((l & 0x100) != 0) out |= 0x8000;
        if ((l & 0x8000) != 0) out |= 0x100;
        return out;
    }

    @Override
    public Termios readTermios(AddressSpace m, long a) {
        Termios t = new Termios();
        t.iflag = m.readInt(a);
        t.oflag = m.readInt(a + 4);
        t.cflag = m.readInt(a + 8);
        t.lflag = swapLflag(m.readInt(a + 12));
        byte[] cc = m.read(a + 17, 23);
        t.vintr = cc[0]; t.vquit = cc[1]; t.verase = cc[2]; t.vkill = cc[3]; t.vmin = cc[4]; t.vtime = cc[5];
        t.vstart = cc[8]; t.vstop = cc[9]; t.vsusp = cc[10]; t.vreprint = cc[12]; t.vwerase = cc[14];
        t.vlnext = cc[15]; t.veof = cc[16]; t.veol = cc[17];
        return t;
    }

    @Override
    public void writeTermios(AddressSpace m, long a, Termios t) {
        byte[] b = new byte[40];
        java.nio.ByteBuffer w = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        w.putInt(0, t.iflag).putInt(4, t.oflag).putInt(8, t.cflag).putInt(12, swapLflag(t.lflag));
        int cc = 17;
        b[cc] = t.vintr; b[cc + 1] = t.vquit; b[cc + 2] = t.verase; b[cc + 3] = t.vkill; b[cc + 4] = t.vmin;
        b[cc + 5] = t.vtime; b[cc + 8] = t.vstart; b[cc + 9] = t.vstop; b[cc + 10] = t.vsusp;
        b[cc + 12] = t.vreprint; b[cc + 14] = t.vwerase; b[cc + 15] = t.vlnext; b[cc + 16] = t.veof; b[cc + 17] = t.veol;
        m.write(a, b);
    }

    /** struct stat of arch/mips/include/uapi/asm/stat.h for 64-bit: 104 bytes, 32-bit times. */
    @Override
    public void writeStat(AddressSpace m, long a, StatInfo s) {
        java.nio.ByteBuffer w = java.nio.ByteBuffer.allocate(104).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        w.putInt(0, s.dev()).putLong(16, s.ino()).putInt(24, s.mode()).putInt(28, s.nlink()).putInt(32, s.uid())
                .putInt(36, s.gid()).putInt(40, s.rdev()).putLong(56, s.size()).putInt(64, (int) s.atime())
                .putInt(72, (int) s.mtime()).putInt(80, (int) s.ctime()).putInt(88, s.blksize()).putLong(96, s.blocks());
        m.write(a, w.array());
    }

    /**
     * MIPS's own struct statfs (arch/mips/include/uapi/asm/statfs.h), not the generic one: type,
     * bsize, frsize, blocks, bfree, files, ffree, bavail, fsid, namelen, flags, spare; 128 bytes.
     */
    @Override
    public void writeStatfs(AddressSpace m, long a, l4.linuxserver.sys.StatfsInfo s) {
        java.nio.ByteBuffer w = java.nio.ByteBuffer.allocate(128).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        w.putLong(0, s.type()).putLong(8, s.blockSize()).putLong(16, s.fragmentSize()).putLong(24, s.blocks())
                .putLong(32, s.freeBlocks()).putLong(40, s.files()).putLong(48, s.freeFiles()).putLong(56, s.availableBlocks())
                .putLong(72, s.nameMax()).putLong(80, s.flags());
        m.write(a, w.array());
    }

    /** The kernel's struct sigaction on MIPS: unsigned int sa_flags, then the handler, then the 128-bit mask. */
    @Override
    public SigAction readSigAction(AddressSpace m, long a) {
        return new SigAction(m.readLong(a + 8), m.readInt(a) & 0xFFFFFFFFL, m.readLong(a + 16), m.readLong(a + 24), 0);
    }

    @Override
    public void writeSigAction(AddressSpace m, long a, SigAction s) {
        m.writeInt(a, (int) s.flags());
        m.writeInt(a + 4, 0);
        m.writeLong(a + 8, s.handler());
        m.writeLong(a + 16, s.mask0());
        m.writeLong(a + 24, s.mask1());
    }

    @Override
    public long saRestart() {
        return 0x10000000L;
    }

    @Override
    public long saNodefer() {
        return 0x40000000L;
    }

    @Override
    public long saResethand() {
        return 0x80000000L;
    }

    @Override
    public long saNocldwait() {
        return 0x10000L;
    }

    @Override
    public int sigmaskHow(int how) {
        return how >= 1 && how <= 3 ? how - 1 : -1;
    }

    @Override
    public int sigsetBytes() {
        return 16;
    }

    private static MipsContext mips(UserContext c) {
        return (MipsContext) c;
    }

    @Override
    public long argument(UserContext c, int i) {
        return mips(c).gpr[4 + i];
    }

    @Override
    public void returnFromSyscall(UserContext c, long result) {
        MipsContext x = mips(c);
        if (result < 0 && result >= -4095) {
            x.gpr[2] = -result;
            x.gpr[7] = 1;
        } else {
            x.gpr[2] = result;
            x.gpr[7] = 0;
        }
        x.pc += 4;
    }

    /** arch/mips/Kconfig selects CLONE_BACKWARDS: clone(flags, stack, ptid, tls, ctid). */
    @Override
    public boolean cloneBackwards() {
        return true;
    }

    @Override
    public void setThreadPointer(UserContext c, long tp) {
        mips(c).userLocal = tp;
    }

    @Override
    public void setStackPointer(UserContext c, long sp) {
        mips(c).gpr[29] = sp;
    }

    @Override
    public UserContext startContext(long entry, long sp) {
        MipsContext c = new MipsContext();
        c.pc = entry;
        c.gpr[29] = sp;
        c.gpr[25] = entry;
        return c;
    }

    /** MIPS siginfo (arch/mips/include/uapi/asm/siginfo.h): si_signo, si_code, si_errno, then the union at 16. */
    private void putSignalInfo(java.nio.ByteBuffer f, int at, SignalInfo info) {
        int sig = info.signo();
        f.putInt(at, sig).putInt(at + 4, info.code()).putInt(at + 8, 0);
        if (sig == signal(Sig.SEGV) || sig == signal(Sig.BUS) || sig == signal(Sig.ILL) || sig == signal(Sig.FPE)) {
            f.putLong(at + 16, info.address());
        } else {
            // _kill, _rt and _sigchld share pid and uid; _sigchld's clock_t times follow at 32 and 40
            f.putInt(at + 16, info.pid()).putInt(at + 20, info.uid()).putInt(at + 24, info.status());
            if (sig == signal(Sig.CHLD)) f.putLong(at + 32, info.userTicks()).putLong(at + 40, info.systemTicks());
        }
    }

    @Override
    public void writeSignalInfo(AddressSpace m, long at, SignalInfo info) {
        java.nio.ByteBuffer f = java.nio.ByteBuffer.allocate(128).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        putSignalInfo(f, 0, info);
        m.write(at, f.array());
    }

    // struct rt_sigframe (arch/mips/kernel/signal.c): u32 rs_ass[4], u32 rs_pad[2], siginfo (128), ucontext
    private static final int INFO = 24, UC = 152, MCONTEXT = UC + 40, SIGMASK = MCONTEXT + 600, FRAME = SIGMASK + 16;

    @Override
    public void pushSignalFrame(AddressSpace m, UserContext c, int sig, SigAction action, long old0, long old1,
            long trampoline, SignalInfo info) {
        MipsContext x = mips(c);
        long sp = ((x.gpr[29] - 32) - FRAME) & ~15L;
        java.nio.ByteBuffer f = java.nio.ByteBuffer.allocate(FRAME).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        putSignalInfo(f, INFO, info);
        for (int i = 0; i < 32; i++) {
            f.putLong(MCONTEXT + 8 * i, x.gpr[i]);
            f.putLong(MCONTEXT + 256 + 8 * i, x.fpr[i]);
        }
        f.putLong(MCONTEXT + 512, x.hi);
        f.putLong(MCONTEXT + 544, x.lo);
        f.putLong(MCONTEXT + 576, x.pc);
        f.putInt(MCONTEXT + 584, x.fcsr);
        f.putInt(MCONTEXT + 588, 1);
        f.putLong(SIGMASK, old0).putLong(SIGMASK + 8, old1);
        m.write(sp, f.array());
        x.gpr[4] = sig;
        x.gpr[5] = sp + INFO;
        x.gpr[6] = sp + UC;
        x.gpr[29] = sp;
        x.gpr[31] = trampoline;
        x.gpr[25] = action.handler();
        x.pc = action.handler();
    }

    @Override
    public long[] popSignalFrame(AddressSpace m, UserContext c) {
        MipsContext x = mips(c);
        long sp = x.gpr[29];
        byte[] b = m.read(sp, FRAME);
        java.nio.ByteBuffer f = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 1; i < 32; i++) x.gpr[i] = f.getLong(MCONTEXT + 8 * i);
        for (int i = 0; i < 32; i++) x.fpr[i] = f.getLong(MCONTEXT + 256 + 8 * i);
        x.hi = f.getLong(MCONTEXT + 512);
        x.lo = f.getLong(MCONTEXT + 544);
        x.pc = f.getLong(MCONTEXT + 576);
        x.fcsr = f.getInt(MCONTEXT + 584);
        return new long[] {f.getLong(SIGMASK), f.getLong(SIGMASK + 8)};
    }

    @Override
    public byte[] sigreturnTrampoline() {
        // li v0, 5211 (__NR_rt_sigreturn); syscall; at 8: break 0x4c (the server's entry)
        int li = 0x24020000 | (BASE + 211);
        int brk = 0x0D | KICK_CODE << 6;
        return new byte[] {(byte) li, (byte) (li >> 8), (byte) (li >> 16), (byte) (li >> 24), 0x0C, 0, 0, 0,
            (byte) brk, (byte) (brk >> 8), (byte) (brk >> 16), (byte) (brk >> 24)};
    }

    private static final int KICK_CODE = 0x4C;

    @Override
    public int kickOffset() {
        return 8;
    }

    @Override
    public long userLimit() {
        return USER_LIMIT;
    }

    @Override
    public long stackTop() {
        return USER_LIMIT - (64L << 10);
    }

    @Override
    public long mmapBase() {
        return USER_LIMIT - (1L << 32);
    }

    @Override
    public long pieBase() {
        return 0x5555_5550_00L;
    }

    @Override
    public int elfMachine() {
        return 8;
    }

    @Override
    public long hwcap() {
        return 0;
    }

    @Override
    public String platform() {
        return "mips64";
    }
}
