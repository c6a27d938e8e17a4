package l4.linuxserver.sys;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import l4.linuxserver.fs.DeviceNode;
import l4.linuxserver.fs.Fifo;
import l4.linuxserver.fs.Directory;
import l4.linuxserver.fs.GeneratedFile;
import l4.linuxserver.fs.Inode;
import l4.linuxserver.fs.Pipe;
import l4.linuxserver.fs.RegularFile;
import l4.linuxserver.fs.Stream;
import l4.linuxserver.fs.Symlink;
import l4.linuxserver.fs.Termios;
import l4.linuxserver.fs.Tty;
import l4.linuxserver.fs.Vfs;
import l4.linuxserver.fs.WouldBlock;
import l4.linuxserver.mm.AddressSpace;
import l4.linuxserver.mm.Vma;

import static l4.linuxserver.sys.LinuxSystem.*;

/** The system calls of one invocation: {@code p} is the caller; results are values or LinuxErrors. */
final class Calls {
    private final LinuxSystem sys;
    private final LinuxAbi abi;
    private final Process p;
    private final AddressSpace m;
    private final Vfs vfs;

    Calls(LinuxSystem sys, Process p) {
        this.sys = sys;
        this.abi = sys.abi();
        this.p = p;
        this.m = p.memory;
        this.vfs = sys.vfs;
        sys.caller(p);
    }

    private static LinuxError err(Errno e) {
        return new LinuxError(e);
    }

    long dispatch(Call call, long a0, long a1, long a2, long a3, long a4, long a5) {
        int fd0 = (int) a0;
        switch (call) {
            case READ: return read(fd0, a1, a2);
            case WRITE: return write(fd0, a1, a2);
            case PREAD64: return pread(fd0, a1, a2, a3, false);
            case PWRITE64: return pread(fd0, a1, a2, a3, true);
            case SENDFILE: return sendfile(fd0, (int) a1, a2, a3);
            case READV: return vector(fd0, a1, (int) a2, false);
            case WRITEV: return vector(fd0, a1, (int) a2, true);
            case OPEN: return openat(AT_FDCWD, a0, (int) a1, (int) a2);
            case CREAT: return openat(AT_FDCWD, a0, abi.nativeOpenFlags(O_CREAT | O_WRONLY() | O_TRUNC), (int) a1);
            case OPENAT: return openat((int) a0, a1, (int) a2, (int) a3);
            case CLOSE: p.fds.close(fd0); sys.changed(); return 0; // the last writer of a pipe: its reader sees the end now
            case CLOSE_RANGE: {
                for (long fd = a0; fd <= Math.min(a1, FdTable.MAX - 1); fd++) if (p.fds.peek((int) fd) != null) p.fds.close((int) fd);
                sys.changed();
                return 0;
            }
            case LSEEK: return lseek(fd0, a1, (int) a2);
            case DUP: { OpenFile f = p.fds.get(fd0); f.retain(); return p.fds.install(f, 0, false); }
            case DUP2: {
                OpenFile f = p.fds.get(fd0);
                if (a0 == a1) return a1;
                return dupTo(f, a1, false);
            }
            case DUP3: {
                OpenFile f = p.fds.get(fd0);
                if (a0 == a1) throw err(Errno.EINVAL);
                return dupTo(f, a1, (abi.openFlags((int) a2) & O_CLOEXEC) != 0);
            }
            case FCNTL: return fcntl(fd0, (int) a1, a2);
            case PIPE: return pipe(a0, 0);
            case PIPE2: return pipe(a0, (int) a1);
            case IOCTL: return ioctl(fd0, (int) a1, a2);
            case STAT: return stat(AT_FDCWD, a0, a1, 0, false);
            case LSTAT: return stat(AT_FDCWD, a0, a1, AT_SYMLINK_NOFOLLOW, false);
            case FSTAT: return fstat(fd0, a1);
            case NEWFSTATAT: return stat((int) a0, a1, a2, (int) a3, false);
            case STATX: return statx((int) a0, a1, (int) a2, a4);
            case ACCESS: return access(AT_FDCWD, a0, (int) a1);
            case FACCESSAT: case FACCESSAT2: return access((int) a0, a1, (int) a2);
            case GETDENTS64: return getdents(fd0, a1, (int) a2);
            case GETCWD: {
                byte[] s = (vfs.pathOf(p.root, p.cwd) + "\0").getBytes(StandardCharsets.UTF_8);
                if (a1 < s.length) throw err(Errno.ERANGE);
                m.write(a0, s);
                return s.length;
            }
            case CHDIR: {
                Inode i = vfs.resolve(p.root, p.cwd, path(a0), true);
                if (!(i instanceof Directory d)) throw err(Errno.ENOTDIR);
                setCwd(d);
                return 0;
            }
            case CHROOT: return chroot(lookup(AT_FDCWD, a0, true));
            case FCHDIR: {
                OpenFile f = p.fds.get(fd0);
                if (f.directory == null) throw err(Errno.ENOTDIR);
                setCwd(f.directory);
                return 0;
            }
            case MKDIR: return mkdirat(AT_FDCWD, a0, (int) a1);
            case MKDIRAT: return mkdirat((int) a0, a1, (int) a2);
            case RMDIR: return unlinkat(AT_FDCWD, a0, AT_REMOVEDIR);
            case UNLINK: return unlinkat(AT_FDCWD, a0, 0);
            case UNLINKAT: return unlinkat((int) a0, a1, (int) a2);
            case RENAME: return renameat(AT_FDCWD, a0, AT_FDCWD, a1);
            case RENAMEAT: case RENAMEAT2: return renameat((int) a0, a1, (int) a2, a3);
            case LINK: return linkat(AT_FDCWD, a0, AT_FDCWD, a1);
            case LINKAT: return linkat((int) a0, a1, (int) a2, a3);
            case SYMLINK: return symlinkat(a0, AT_FDCWD, a1);
            case SYMLINKAT: return symlinkat(a0, (int) a1, a2);
            case READLINK: return readlinkat(AT_FDCWD, a0, a1, a2);
            case READLINKAT: return readlinkat((int) a0, a1, a2, a3);
            case CHMOD: return chmod(lookup(AT_FDCWD, a0, true), (int) a1);
            case FCHMOD: return chmod(p.fds.get(fd0).inode, (int) a1);
            case FCHMODAT: return chmod(lookup((int) a0, a1, true), (int) a2);
            case CHOWN: return chown(lookup(AT_FDCWD, a0, true), (int) a1, (int) a2);
            case LCHOWN: return chown(lookup(AT_FDCWD, a0, false), (int) a1, (int) a2);
            case FCHOWN: return chown(p.fds.get(fd0).inode, (int) a1, (int) a2);
            case FCHOWNAT: {
                if ((a4 & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) throw err(Errno.EINVAL);
                return chown(lookupAt((int) a0, a1, (int) a4), (int) a2, (int) a3);
            }
            case TRUNCATE: return truncate(lookup(AT_FDCWD, a0, true), a1);
            case FTRUNCATE: {
                OpenFile f = p.fds.get(fd0);
                if (!f.writable()) throw err(Errno.EINVAL); // Linux's do_ftruncate: not open for writing
                return truncate(f.inode, a1);
            }
            case UTIMENSAT: return utimensat((int) a0, a1, a2, (int) a3);
            case FSYNC: case FDATASYNC: case SYNCFS: p.fds.get(fd0); return 0;
            case FALLOCATE: return fallocate(p.fds.get(fd0), (int) a1, a2, a3);
            case SYNC: return 0;
            case UMASK: {
                int old = p.umask;
                for (Process t : threadsOfProcess()) t.umask = (int) a0 & 0777;
                return old;
            }
            case MKNOD: return mknodat(AT_FDCWD, a0, (int) a1, a2);
            case MKNODAT: return mknodat((int) a0, a1, (int) a2, a3);
            case STATFS: abi.writeStatfs(m, a1, sys.statfs(lookup(AT_FDCWD, a0, true))); return 0;
            case FSTATFS: abi.writeStatfs(m, a1, sys.statfs(p.fds.get(fd0).inode)); return 0;

            case BRK: return m.brk(a0);
            case MMAP: return mmap(a0, a1, (int) a2, (int) a3, (int) a4, a5);
            case MUNMAP: m.unmap(a0, a1); return 0;
            case MPROTECT: m.protect(a0, a1, (int) a2 & 7); return 0;
            case MADVISE: return 0;
            case MREMAP: throw err(Errno.ENOMEM);

            case GETPID: return p.tgid();
            case GETTID: return p.pid;
            case GETPPID: return p.leader.parent == null ? 0 : p.leader.parent.pid;
            case GETUID: return p.uid;
            case GETEUID: return p.euid;
            case GETGID: return p.gid;
            case GETEGID: return p.egid;
            case SETUID: case SETGID: case SETREUID: case SETREGID: case SETRESUID: case SETRESGID: return setid(call, a0);
            case GETRESUID: m.writeInt(a0, p.uid); m.writeInt(a1, p.euid); m.writeInt(a2, p.suid); return 0;
            case GETRESGID: m.writeInt(a0, p.gid); m.writeInt(a1, p.egid); m.writeInt(a2, p.sgid); return 0;
            case GETGROUPS: return 0;
            case SETGROUPS: if (p.euid != 0) throw err(Errno.EPERM); return 0;
            case GETPGID: return pidOrSelf((int) a0).pgid;
            case GETPGRP: return p.pgid;
            case GETSID: return pidOrSelf((int) a0).sid;
            case SETPGID: return setpgid((int) a0, (int) a1);
            case SETSID: {
                int me = p.tgid();
                for (Process q : sys.processes()) if (q.pgid == me) throw err(Errno.EPERM);
                for (Process t : threadsOfProcess()) {
                    t.sid = me;
                    t.pgid = me;
                }
                return me;
            }
            case SET_TID_ADDRESS: p.clearChildTid = a0; return p.pid;
            case SET_ROBUST_LIST: case RSEQ: throw err(Errno.ENOSYS);
            case SET_THREAD_AREA: abi.setThreadPointer(p.context, a0); return 0;
            case PRLIMIT64: return prlimit((int) a0, a1, a2, a3);
            case GETRLIMIT: return prlimit(0, a0, 0, a1);
            case SETRLIMIT: return prlimit(0, a0, a1, 0);
            case PRCTL: return 0;
            case UNAME: return uname(a0);
            case SYSINFO: return sysinfo(a0);
            case GETRANDOM: {
                byte[] b = new byte[(int) Math.min(a1, 256)];
                long x = sys.now() ^ p.pid * 0x9E3779B97F4A7C15L ^ a0;
                for (int i = 0; i < b.length; i++) { x ^= x << 13; x ^= x >>> 7; x ^= x << 17; b[i] = (byte) x; }
                m.write(a0, b);
                return b.length;
            }
            case GETCPU: if (a0 != 0) m.writeInt(a0, 0); if (a1 != 0) m.writeInt(a1, 0); return 0;
            case SCHED_YIELD: return 0;
            case SCHED_GETAFFINITY: { if (a1 < 8) throw err(Errno.EINVAL); m.writeLong(a2, 1); return 8; }
            case SCHED_SETAFFINITY: return setAffinity((int) a0, a1, a2);
            case GETPRIORITY: return 20;
            case SETPRIORITY: return 0;
            case MEMBARRIER: return 0;
            case FADVISE64: return 0;
            case SYSLOG: return 0;
            case SETHOSTNAME: sys.hostname = utsName(a0, a1); return 0;
            case SETDOMAINNAME: sys.domainname = utsName(a0, a1); return 0;
            case MOUNT: case UMOUNT2: throw err(Errno.EPERM);
            case REBOOT: return reboot((int) a0, (int) a1, (int) a2, a3);
            case GETRUSAGE: return getrusage((int) a0, a1);
            case TIMES: return times(a0);

            case CLOCK_GETTIME: return clockGettime((int) a0, a1);
            case CLOCK_GETRES: {
                if (a0 < CLOCK_REALTIME || a0 > CLOCK_TAI || a0 == CLOCK_SGI_CYCLE) throw err(Errno.EINVAL);
                if (a1 != 0) { m.writeLong(a1, 0); m.writeLong(a1 + 8, 1); }
                return 0;
            }
            case GETTIMEOFDAY: {
                if (a0 != 0) { long ns = sys.now(); m.writeLong(a0, ns / 1_000_000_000L); m.writeLong(a0 + 8, ns / 1000 % 1_000_000); }
                return 0;
            }
            case NANOSLEEP: return nanosleep(CLOCK_MONOTONIC, 0, a0, a1);
            case CLOCK_NANOSLEEP: return nanosleep((int) a0, (int) a1, a2, a3);
            case ALARM: return alarm(a0 & 0xFFFFFFFFL);
            case SETITIMER: return setitimer((int) a0, a1, a2);
            case GETITIMER: return getitimer((int) a0, a1);

            case RT_SIGACTION: return sigaction((int) a0, a1, a2, a3);
            case RT_SIGPROCMASK: return sigprocmask((int) a0, a1, a2, a3);
            case RT_SIGPENDING: {
                // the thread's own pending signals and its process's shared ones, as Linux's do_sigpending
                m.writeLong(a0, (p.pending0 | p.leader.sharedPending0) & p.blocked0);
                if (a1 > 8) m.writeLong(a0 + 8, (p.pending1 | p.leader.sharedPending1) & p.blocked1);
                return 0;
            }
            case RT_SIGRETURN: {
                long[] mask = abi.popSignalFrame(m, p.context);
                p.blocked0 = mask[0];
                p.blocked1 = mask[1];
                sys.sanitizeMask(p);
                return NO_RETURN;
            }
            case RT_SIGSUSPEND: {
                if (p.suspendMask == null) {
                    p.suspendMask = new long[] {p.blocked0, p.blocked1};
                    p.blocked0 = m.readLong(a0);
                    p.blocked1 = a1 > 8 ? m.readLong(a0 + 8) : p.blocked1;
                    sys.sanitizeMask(p);
                }
                if (sys.hasDeliverable(p)) {
                    abi.returnFromSyscall(p.context, -abi.errno(Errno.EINTR));
                    return NO_RETURN;
                }
                throw WouldBlock.INSTANCE;
            }
            case RT_SIGTIMEDWAIT: return sigtimedwait(a0, a1, a2, a3);
            case PAUSE: {
                if (sys.hasDeliverable(p)) throw err(Errno.EINTR);
                throw WouldBlock.INSTANCE;
            }
            case SIGALTSTACK: { if (a1 != 0) m.write(a1, new byte[24]); return 0; }
            case KILL: return kill((int) a0, (int) a1);
            case TKILL: return tgkill(-1, (int) a0, (int) a1);
            case TGKILL: return tgkill((int) a0, (int) a1, (int) a2);

            case CLONE: return abi.cloneBackwards() ? clone(a0, a1, a2, a4, a3) : clone(a0, a1, a2, a3, a4);
            case FORK: return clone(abi.signal(LinuxAbi.Sig.CHLD), 0, 0, 0, 0);
            case VFORK: return clone(CLONE_VM | CLONE_VFORK | abi.signal(LinuxAbi.Sig.CHLD), 0, 0, 0, 0);
            case EXECVE: return execve(a0, a1, a2);
            case EXIT: sys.exitThread(p, (int) a0); return NO_RETURN;
            case EXIT_GROUP: sys.exitProcess(p, (int) a0, false); return NO_RETURN;
            case WAIT4: return wait4((int) a0, a1, (int) a2, a3);
            case FUTEX: return futex(a0, (int) a1, (int) a2, a3, a4, (int) a5);

            case POLL: return poll(a0, (int) a1, (int) a2 < 0 ? -1 : (int) a2 * 1_000_000L);
            case PPOLL: return poll(a0, (int) a1, timeout(a2));
            case PSELECT6: return pselect((int) a0, a1, a2, a3, timeout(a4));
            default:
                throw err(Errno.ENOSYS);
        }
    }

    /** Every thread of the caller's process, the leader too when its thread is gone (what CLONE_FS shares). */
    private List<Process> threadsOfProcess() {
        List<Process> all = new ArrayList<>(p.leader.threads);
        all.add(p.leader);
        return all;
    }

    private void setCwd(Directory d) {
        for (Process t : threadsOfProcess()) t.cwd = d;
    }

    /** chroot(2) as Linux's ksys_chroot: the lookup's errors, search permission, then root only (CAP_SYS_CHROOT). */
    private long chroot(Inode i) {
        if (!(i instanceof Directory d)) throw err(Errno.ENOTDIR);
        if (!ProcAccess.permitted(p, d, 1)) throw err(Errno.EACCES);
        if (p.euid != 0) throw err(Errno.EPERM);
        for (Process t : threadsOfProcess()) t.root = d;
        return 0;
    }

    private int O_WRONLY() {
        return 1;
    }

    // ---- helpers ----

    /**
     * reboot as Linux's kernel/reboot.c: root only, the magic numbers checked, then the command.
     * A restart, halt or power off ends every process, the caller too (the call does not return).
     */
    private long reboot(int magic1, int magic2, int cmd, long arg) {
        if (p.euid != 0) throw err(Errno.EPERM);
        if (!Reboot.magicValid(magic1, magic2)) throw err(Errno.EINVAL);
        if (cmd == Reboot.CMD_CAD_ON || cmd == Reboot.CMD_CAD_OFF) {
            sys.ctrlAltDel = cmd == Reboot.CMD_CAD_ON;
            return 0;
        }
        String restartCommand = cmd == Reboot.CMD_RESTART2 ? restartCommand(arg) : null;
        Reboot.Shutdown s = Reboot.shutdownFor(cmd, restartCommand);
        if (s == null) throw err(Errno.EINVAL);
        sys.shutDown(s);
        return NO_RETURN;
    }

    /** A restart's command string: cut at 255 bytes, as Linux's strncpy_from_user into its buffer. */
    private String restartCommand(long arg) {
        StringBuilder s = new StringBuilder();
        byte[] one = new byte[1];
        for (long va = arg; s.length() < Reboot.RESTART2_MAX; va++) {
            m.read(va, one, 0, 1);
            if (one[0] == 0) break;
            s.append((char) (one[0] & 0xFF));
        }
        return s.toString();
    }

    /**
     * dup2/dup3's work: {@code f} at descriptor {@code fd}, closing what was there. EBADF at or
     * above RLIMIT_NOFILE (Linux's ksys_dup3), checked before the file gains a reference.
     */
    private long dupTo(OpenFile f, long fd, boolean cloexec) {
        if (fd < 0 || fd >= p.fds.limit()) throw err(Errno.EBADF);
        f.retain();
        p.fds.installAt((int) fd, f, cloexec);
        sys.changed(); // as close, for the file it replaced
        return fd;
    }

    private String path(long a) {
        if (a == 0) throw err(Errno.EFAULT);
        return m.readString(a, Vfs.PATH_MAX);
    }

    private Directory base(int dirfd) {
        if (dirfd == AT_FDCWD) return p.cwd;
        OpenFile f = p.fds.get(dirfd);
        if (f.directory == null) throw err(Errno.ENOTDIR);
        return f.directory;
    }

    private Inode lookup(int dirfd, long pathAddr, boolean follow) {
        String s = path(pathAddr);
        return vfs.resolve(p.root, s.startsWith("/") ? p.root : base(dirfd), s, follow);
    }

    private Vfs.Parent parentOf(int dirfd, long pathAddr) {
        String s = path(pathAddr);
        return vfs.parent(p.root, s.startsWith("/") ? p.root : base(dirfd), s);
    }

    private Process pidOrSelf(int pid) {
        if (pid == 0) return p;
        Process q = sys.process(pid);
        if (q == null || q.state == Process.State.DEAD) throw err(Errno.ESRCH);
        return q;
    }

    // ---- files ----

    private long read(int fd, long buf, long count) {
        OpenFile f = p.fds.get(fd);
        if (!f.readable()) throw err(Errno.EBADF);
        if (f.directory != null) throw err(Errno.EISDIR);
        int n = (int) Math.min(count, 1 << 20);
        if (count < 0) throw err(Errno.EINVAL);
        byte[] b = new byte[n];
        int got = readInto(f, b, f.offset);
        if (got > 0) m.write(buf, b, 0, got);
        if (f.file != null) f.offset += got;
        return got;
    }

    private int readInto(OpenFile f, byte[] b, long offset) {
        if (f.file != null) return f.file.read(offset, b, 0, b.length);
        Tty tty = f.stream.tty();
        if (tty != null) jobControl(tty, LinuxAbi.Sig.TTIN);
        try {
            int n = f.stream.read(b, 0, b.length);
            sys.changed();
            return n;
        } catch (WouldBlock e) {
            if ((f.flags & O_NONBLOCK) != 0) throw err(Errno.EAGAIN);
            throw e;
        }
    }

    private long write(int fd, long buf, long count) {
        OpenFile f = p.fds.get(fd);
        if (!f.writable()) throw err(Errno.EBADF);
        if (count < 0) throw err(Errno.EINVAL);
        byte[] b = m.read(buf, (int) Math.min(count, 1 << 20));
        return writeFrom(f, b, -1);
    }

    private int writeFrom(OpenFile f, byte[] b, long at) {
        if (f.file != null) {
            long off = at >= 0 ? at : (f.flags & O_APPEND) != 0 ? f.file.size() : f.offset;
            int length = b.length == 0 ? 0 : (int) Math.min(b.length, sizeAllowed(off, b.length) - off);
            int n = f.file.write(off, b, 0, length); // short when the file system fills up
            f.file.touch(vfs.time());
            if (at < 0) f.offset = off + n;
            return n;
        }
        Tty tty = f.stream.tty();
        if (tty != null && (tty.termios.lflag & Termios.TOSTOP) != 0) jobControl(tty, LinuxAbi.Sig.TTOU);
        try {
            int n = f.stream.write(b, 0, b.length);
            sys.changed();
            return n;
        } catch (WouldBlock e) {
            if ((f.flags & O_NONBLOCK) != 0) throw err(Errno.EAGAIN);
            throw e;
        } catch (LinuxError e) {
            if (e.errno == Errno.EPIPE) {
                int pipe = abi.signal(LinuxAbi.Sig.PIPE);
                sys.signal(p, pipe, LinuxAbi.SignalInfo.sentBy(pipe, LinuxAbi.SignalInfo.SI_USER, p.tgid())); // Linux's send_sig from the writer
            }
            throw e;
        }
    }

    /**
     * sendfile (busybox's cat copies with it): from a regular file, at its offset or at
     * {@code *offsetAddr}, to any writable file, at most 64 KiB per call; a destination that takes
     * part of it advances the source by what it took. Other sources are EINVAL, as in Linux.
     */
    private long sendfile(int outFd, int inFd, long offsetAddr, long count) {
        OpenFile in = p.fds.get(inFd), out = p.fds.get(outFd);
        if (!in.readable() || !out.writable()) throw err(Errno.EBADF);
        if (in.file == null || (out.flags & O_APPEND) != 0 || count < 0) throw err(Errno.EINVAL);
        long at = offsetAddr != 0 ? m.readLong(offsetAddr) : in.offset;
        if (at < 0) throw err(Errno.EINVAL);
        byte[] b = new byte[(int) Math.min(count, 1 << 16)];
        int got = in.file.read(at, b, 0, b.length);
        if (got <= 0) return 0;
        int put = writeFrom(out, got == b.length ? b : java.util.Arrays.copyOf(b, got), -1);
        if (offsetAddr != 0) m.writeLong(offsetAddr, at + put);
        else in.offset = at + put;
        return put;
    }

    private long pread(int fd, long buf, long count, long offset, boolean write) {
        OpenFile f = p.fds.get(fd);
        if (f.file == null) throw err(Errno.ESPIPE);
        if (offset < 0) throw err(Errno.EINVAL);
        if (write) return writeFrom(f, m.read(buf, (int) count), offset);
        byte[] b = new byte[(int) Math.min(count, 1 << 20)];
        int n = f.file.read(offset, b, 0, b.length);
        m.write(buf, b, 0, n);
        return n;
    }

    private long vector(int fd, long iov, int count, boolean write) {
        if (count < 0 || count > 1024) throw err(Errno.EINVAL);
        long total = 0;
        for (int i = 0; i < count; i++) {
            long base = m.readLong(iov + 16L * i), len = m.readLong(iov + 16L * i + 8);
            if (len == 0) continue;
            long n;
            try {
                n = write ? write(fd, base, len) : read(fd, base, len);
            } catch (WouldBlock | LinuxError e) {
                if (total > 0) return total;
                throw e;
            }
            total += n;
            if (n < len) break;
        }
        return total;
    }

    private long openat(int dirfd, long pathAddr, int nativeFlags, int mode) {
        // the open of a FIFO runs again after its wait (a handler in between drops it: Process.fifoOpening)
        if (p.fifoOpening != null) return fifoOpened(p.fifoOpening);
        int flags = abi.openFlags(nativeFlags);
        String s = path(pathAddr);
        Directory base = s.startsWith("/") ? p.root : base(dirfd);
        Inode i;
        try {
            i = vfs.resolve(p.root, base, s, (flags & O_NOFOLLOW) == 0);
            if ((flags & O_CREAT) != 0 && (flags & O_EXCL) != 0) throw err(Errno.EEXIST);
        } catch (LinuxError e) {
            if (e.errno != Errno.ENOENT || (flags & O_CREAT) == 0) throw e;
            Vfs.Parent par = vfs.parent(p.root, base, s);
            if (par.trailingSlash()) throw err(Errno.EISDIR);
            // a dangling symbolic link: O_EXCL fails on the link itself, else the file is made
            // where it points, as Linux's open_last_lookups follows it
            for (int links = 0; par.dir().lookup(par.name()) instanceof Symlink link; links++) {
                if ((flags & O_EXCL) != 0) throw err(Errno.EEXIST);
                if (links >= Vfs.MAX_SYMLINKS) throw err(Errno.ELOOP);
                par = vfs.parent(p.root, par.dir(), link.target);
                if (par.trailingSlash()) throw err(Errno.EISDIR);
            }
            if (!par.dir().writable()) throw err(Errno.EACCES);
            RegularFile f = new RegularFile(mode & ~p.umask, new byte[0], vfs.pages);
            f.uid = p.euid;
            f.gid = p.egid;
            f.touch(vfs.time());
            par.dir().link(par.name(), f);
            par.dir().touch(vfs.time());
            i = f;
        }
        if (i instanceof Symlink) throw err(Errno.ELOOP);
        if ((flags & O_DIRECTORY) != 0 && !i.isDirectory()) throw err(Errno.ENOTDIR);
        int acc = flags & O_ACCMODE;
        int want = acc == 0 ? 4 : acc == 1 ? 2 : 6; // the permission bits the access mode needs
        OpenFile of;
        if (i instanceof Directory d) {
            if (acc != 0) throw err(Errno.EISDIR);
            of = new OpenFile(i, null, null, d, flags, s);
        } else if (i instanceof RegularFile f) {
            if (!ProcAccess.permitted(p, f, want)) throw err(Errno.EACCES);
            if ((flags & O_TRUNC) != 0 && acc != 0) { f.truncate(0); f.touch(vfs.time()); }
            of = new OpenFile(i, f, null, null, flags, s);
        } else if (i instanceof GeneratedFile g) {
            if (acc != 0) throw err(Errno.EACCES);
            RegularFile snap = new RegularFile(0444, g.generate());
            of = new OpenFile(i, snap, null, null, flags, s);
        } else if (i instanceof Fifo fifo) {
            if (!ProcAccess.permitted(p, fifo, want)) throw err(Errno.EACCES);
            return openFifo(fifo, flags, s);
        } else if (i instanceof DeviceNode dn) {
            Stream st = dn.open();
            of = new OpenFile(i, null, st, null, flags, s);
            Tty t = st.tty();
            if (t != null && (flags & O_NOCTTY) == 0 && p.sid == p.tgid() && t.session == 0) {
                t.session = p.sid;
                t.foregroundGroup = p.pgid;
            }
        } else {
            throw err(Errno.ENXIO);
        }
        return p.fds.install(of, 0, (flags & O_CLOEXEC) != 0);
    }

    /**
     * Linux's fifo_open: the new end counts at once; a reader waits for a writer's open and a
     * writer for a reader's (without O_NONBLOCK), a writer with O_NONBLOCK and no reader fails
     * with ENXIO, O_RDWR never waits.
     */
    private long openFifo(Fifo fifo, int flags, String path) {
        int acc = flags & O_ACCMODE;
        boolean nonblock = (flags & O_NONBLOCK) != 0;
        if (acc == 1 && nonblock && fifo.readers() == 0) throw err(Errno.ENXIO);
        boolean reading = acc != 1, writing = acc != 0;
        long partnerOpens = fifo.opens(!reading);
        OpenFile of = new OpenFile(fifo, null, fifo.open(reading, writing), null, flags, path);
        sys.changed(); // a partner waiting in its open goes on
        boolean partnerThere = reading ? fifo.writers() > 0 : fifo.readers() > 0;
        if ((reading && writing) || (reading && nonblock) || partnerThere) return installEnd(of);
        p.fifoOpening = new Process.FifoOpening(fifo, of, !reading, partnerOpens);
        throw WouldBlock.INSTANCE;
    }

    private long fifoOpened(Process.FifoOpening o) {
        if (!o.partnerCame()) throw WouldBlock.INSTANCE;
        p.fifoOpening = null;
        return installEnd(o.file());
    }

    /** A FIFO's end into the table; without a free descriptor the table closes it again (EMFILE). */
    private long installEnd(OpenFile of) {
        try {
            return p.fds.install(of, 0, (of.flags & O_CLOEXEC) != 0);
        } catch (LinuxError e) {
            sys.changed(); // the end it counted is gone again
            throw e;
        }
    }

    private long lseek(int fd, long off, int whence) {
        OpenFile f = p.fds.get(fd);
        if (f.directory != null) {
            if (whence == 0 && off == 0) { f.offset = 0; return 0; }
            throw err(Errno.EINVAL);
        }
        if (f.file == null) throw err(Errno.ESPIPE);
        long n = switch (whence) {
            case 0 -> off;
            case 1 -> f.offset + off;
            case 2 -> f.file.size() + off;
            default -> throw err(Errno.EINVAL);
        };
        if (n < 0) throw err(Errno.EINVAL);
        f.offset = n;
        return n;
    }

    private long fcntl(int fd, int cmd, long arg) {
        OpenFile f = p.fds.get(fd);
        switch (cmd) {
            case 0: case 1030: { // F_DUPFD, F_DUPFD_CLOEXEC
                if (arg < 0 || arg >= p.fds.limit()) throw err(Errno.EINVAL); // Linux's f_dupfd: at or above RLIMIT_NOFILE
                f.retain();
                return p.fds.install(f, (int) arg, cmd == 1030);
            }
            case 1: return p.fds.closeOnExec(fd) ? 1 : 0;
            case 2: p.fds.setCloseOnExec(fd, (arg & 1) != 0); return 0;
            case 3: return abi.nativeOpenFlags(f.flags);
            case 4: {
                int g = abi.openFlags((int) arg);
                f.flags = (f.flags & ~(O_APPEND | O_NONBLOCK)) | (g & (O_APPEND | O_NONBLOCK));
                return 0;
            }
            default:
                if (abi.name().startsWith("mips") && (cmd == 14 || cmd == 6 || cmd == 7)) return 0; // locks: always granted
                throw err(Errno.EINVAL);
        }
    }

    private long pipe(long fdsAddr, int nativeFlags) {
        int flags = abi.openFlags(nativeFlags);
        Pipe pipe = new Pipe();
        OpenFile r = new OpenFile(pipe.inode, null, pipe.readEnd(), null, (flags & O_NONBLOCK), "pipe:");
        OpenFile w = new OpenFile(pipe.inode, null, pipe.writeEnd(), null, 1 | (flags & O_NONBLOCK), "pipe:");
        boolean cloexec = (flags & O_CLOEXEC) != 0;
        int rfd = p.fds.install(r, 0, cloexec);
        int wfd;
        try {
            wfd = p.fds.install(w, 0, cloexec);
        } catch (LinuxError e) {
            p.fds.close(rfd);
            throw e;
        }
        m.writeInt(fdsAddr, rfd);
        m.writeInt(fdsAddr + 4, wfd);
        return 0;
    }

    /**
     * Job control (Linux's __tty_check_change): a process of the session whose controlling tty
     * {@code t} is, outside its foreground group, that reads it (SIGTTIN), writes it with TOSTOP
     * or changes its settings or foreground group (SIGTTOU) sends the signal to its whole process
     * group and waits (the call runs again once the group is continued, ERESTARTSYS; a handler
     * without SA_RESTART makes it EINTR). If the caller ignores or blocks the signal a read fails
     * with EIO and the rest goes on; an orphaned group, which no shell could continue, gets EIO.
     */
    private void jobControl(Tty t, LinuxAbi.Sig which) {
        if (t.session == 0 || t.session != p.sid) return; // not the caller's controlling tty
        if (t.foregroundGroup == 0 || t.foregroundGroup == p.pgid) return;
        int sig = abi.signal(which);
        if (p.isBlocked(sig) || p.actions[sig].handler() == SigAction.SIG_IGN) {
            if (which == LinuxAbi.Sig.TTIN) throw err(Errno.EIO);
            return;
        }
        if (sys.orphanedGroup(p.pgid)) throw err(Errno.EIO);
        sys.killGroup(p.pgid, sig);
        throw WouldBlock.INSTANCE;
    }

    private long ioctl(int fd, int request, long arg) {
        OpenFile f = p.fds.get(fd);
        LinuxAbi.Ioctl req = abi.ioctl(request);
        Tty t = f.stream == null ? null : f.stream.tty();
        if (req == LinuxAbi.Ioctl.FIONBIO) {
            if (m.readInt(arg) != 0) f.flags |= O_NONBLOCK;
            else f.flags &= ~O_NONBLOCK;
            return 0;
        }
        if (req == LinuxAbi.Ioctl.FIONREAD) {
            if (t != null) m.writeInt(arg, t.available());
            else if (f.file != null) m.writeInt(arg, (int) Math.max(0, f.file.size() - f.offset));
            else throw err(Errno.ENOTTY);
            return 0;
        }
        if (t == null || req == null) throw err(Errno.ENOTTY);
        switch (req) {
            case TCGETS: abi.writeTermios(m, arg, t.termios); return 0;
            case TCSETS: case TCSETSW: case TCSETSF: {
                jobControl(t, LinuxAbi.Sig.TTOU);
                Termios n = abi.readTermios(m, arg);
                int was = t.termios.lflag;
                copyTermios(n, t.termios);
                if (req == LinuxAbi.Ioctl.TCSETSF) t.flushInput();
                else t.settingsChanged(was);
                return 0;
            }
            case TIOCGPGRP: m.writeInt(arg, t.foregroundGroup); return 0;
            case TIOCSPGRP: {
                // Linux's tiocspgrp: job control first (its EIO is ENOTTY here), then the group must
                // be one of the caller's session
                try {
                    jobControl(t, LinuxAbi.Sig.TTOU);
                } catch (LinuxError e) {
                    throw e.errno == Errno.EIO ? err(Errno.ENOTTY) : e;
                }
                if (t.session == 0 || t.session != p.sid) throw err(Errno.ENOTTY);
                int g = m.readInt(arg);
                if (g < 0) throw err(Errno.EINVAL);
                int session = sys.sessionOfGroup(g);
                if (session < 0) throw err(Errno.ESRCH);
                if (session != p.sid) throw err(Errno.EPERM);
                t.foregroundGroup = g;
                return 0;
            }
            case TIOCGSID: if (t.session == 0) throw err(Errno.ENOTTY); m.writeInt(arg, t.session); return 0;
            case TIOCGWINSZ: {
                byte[] w = new byte[8];
                w[0] = (byte) t.rows; w[1] = (byte) (t.rows >> 8); w[2] = (byte) t.columns; w[3] = (byte) (t.columns >> 8);
                m.write(arg, w);
                return 0;
            }
            case TIOCSWINSZ: { byte[] w = m.read(arg, 4); t.rows = (w[0] & 0xFF) | (w[1] & 0xFF) << 8; t.columns = (w[2] & 0xFF) | (w[3] & 0xFF) << 8; return 0; }
            case TIOCSCTTY: if (p.sid != p.tgid()) throw err(Errno.EPERM); t.session = p.sid; t.foregroundGroup = p.pgid; return 0;
            case TIOCNOTTY: return 0;
            default: throw err(Errno.ENOTTY);
        }
    }

    private static void copyTermios(Termios from, Termios to) {
        Termios c = from.copy();
        to.iflag = c.iflag; to.oflag = c.oflag; to.cflag = c.cflag; to.lflag = c.lflag;
        to.vintr = c.vintr; to.vquit = c.vquit; to.verase = c.verase; to.vkill = c.vkill; to.veof = c.veof;
        to.vtime = c.vtime; to.vmin = c.vmin; to.vsusp = c.vsusp; to.vwerase = c.vwerase; to.vlnext = c.vlnext;
        to.veol = c.veol; to.vreprint = c.vreprint; to.vstart = c.vstart; to.vstop = c.vstop;
    }

    private StatInfo statOf(Inode i) {
        long size = i.size();
        // blocks as tmpfs counts them: the pages that hold data (not the holes), in 512-byte units
        long blocks = i instanceof RegularFile f ? f.allocatedPages() * 8 : 0;
        return new StatInfo(i.dev(), i.ino, i.mode, i.nlink, i.uid, i.gid, i.rdev(), size, 4096, blocks,
                i.atime, i.mtime, i.ctime);
    }

    private long stat(int dirfd, long pathAddr, long buf, int flags, boolean unused) {
        abi.writeStat(m, buf, statOf(lookupAt(dirfd, pathAddr, flags)));
        return 0;
    }

    private long fstat(int fd, long buf) {
        abi.writeStat(m, buf, statOf(p.fds.get(fd).inode));
        return 0;
    }

    /** statx's layout is the same on every architecture (include/uapi/linux/stat.h). */
    private long statx(int dirfd, long pathAddr, int flags, long buf) {
        Inode i;
        String s = path(pathAddr);
        if (s.isEmpty() && (flags & AT_EMPTY_PATH) != 0) i = dirfd == AT_FDCWD ? p.cwd : p.fds.get(dirfd).inode;
        else i = vfs.resolve(p.root, s.startsWith("/") ? p.root : base(dirfd), s, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        StatInfo st = statOf(i);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(256).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x7FF);
        b.putInt(4, st.blksize());
        b.putInt(16, st.nlink());
        b.putInt(20, st.uid());
        b.putInt(24, st.gid());
        b.putShort(28, (short) st.mode());
        b.putLong(32, st.ino());
        b.putLong(40, st.size());
        b.putLong(48, st.blocks());
        b.putLong(64, st.atime());
        b.putLong(96, st.ctime());
        b.putLong(112, st.mtime());
        b.putInt(128, st.rdev() >>> 8);
        b.putInt(132, st.rdev() & 0xFF);
        b.putInt(136, 0);
        b.putInt(140, st.dev());
        m.write(buf, b.array());
        return 0;
    }

    private long access(int dirfd, long pathAddr, int mode) {
        Inode i = lookup(dirfd, pathAddr, true);
        if (mode != 0 && !ProcAccess.permitted(p, i, mode & 7)) throw err(Errno.EACCES);
        return 0;
    }

    /** struct linux_dirent64 (ABI-independent): ino, off, reclen, type, name, aligned to 8. */
    private long getdents(int fd, long buf, int count) {
        OpenFile f = p.fds.get(fd);
        if (f.directory == null) throw err(Errno.ENOTDIR);
        Directory d = f.directory;
        List<String> names = new ArrayList<>();
        names.add(".");
        names.add("..");
        names.addAll(d.names());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int idx = (int) f.offset;
        while (idx < names.size()) {
            String n = names.get(idx);
            Inode i = n.equals(".") ? d : n.equals("..") ? d.parent : d.lookup(n);
            if (i == null) { idx++; continue; }
            byte[] nb = n.getBytes(StandardCharsets.UTF_8);
            int reclen = (19 + nb.length + 1 + 7) & ~7;
            if (out.size() + reclen > count) {
                if (out.size() == 0) throw err(Errno.EINVAL);
                break;
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(reclen).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.putLong(i.ino);
            b.putLong(idx + 1);
            b.putShort((short) reclen);
            b.put((byte) (i.type() >>> 12));
            b.put(nb);
            out.writeBytes(b.array());
            idx++;
        }
        f.offset = idx;
        m.write(buf, out.toByteArray());
        return out.size();
    }

    private long mkdirat(int dirfd, long pathAddr, int mode) {
        Vfs.Parent par = parentOf(dirfd, pathAddr);
        if (par.dir().lookup(par.name()) != null || par.name().equals(".") || par.name().equals("..")) throw err(Errno.EEXIST);
        if (!par.dir().writable()) throw err(Errno.EACCES);
        Directory d = new Directory(mode & ~p.umask & 07777, par.dir());
        d.uid = p.euid;
        d.gid = p.egid;
        d.touch(vfs.time());
        par.dir().link(par.name(), d);
        return 0;
    }

    /**
     * mknod as Linux's do_mknodat: a FIFO, a regular file, or (root only, CAP_MKNOD) a character
     * device, whose open reaches the device of that number in /dev or fails with ENXIO; a
     * directory is EPERM, an unknown type EINVAL. The layer has no block devices and no sockets:
     * those are EPERM.
     */
    private long mknodat(int dirfd, long pathAddr, int mode, long dev) {
        int type = mode & Inode.S_IFMT;
        if (type == Inode.S_IFDIR) throw err(Errno.EPERM);
        if (type != 0 && type != Inode.S_IFREG && type != Inode.S_IFIFO && type != Inode.S_IFCHR && type != Inode.S_IFBLK
                && type != Inode.S_IFSOCK) throw err(Errno.EINVAL);
        Vfs.Parent par = parentOf(dirfd, pathAddr);
        if (par.dir().lookup(par.name()) != null || par.name().equals(".") || par.name().equals("..")) throw err(Errno.EEXIST);
        if (!par.dir().writable()) throw err(Errno.EACCES);
        if (type == Inode.S_IFCHR && p.euid != 0) throw err(Errno.EPERM);
        if (type == Inode.S_IFBLK || type == Inode.S_IFSOCK) throw err(Errno.EPERM);
        int perm = mode & ~p.umask & 07777;
        Inode node;
        if (type == Inode.S_IFIFO) {
            node = new Fifo(perm);
        } else if (type == Inode.S_IFCHR) {
            // the dev_t of user space (Linux's new_decode_dev)
            int major = (int) ((dev & 0xfff00) >> 8), minor = (int) ((dev & 0xff) | ((dev >> 12) & 0xfff00));
            node = DeviceNode.made(perm, major, minor, sys.deviceNode(major << 8 | minor));
        } else {
            node = new RegularFile(perm, new byte[0], vfs.pages);
        }
        node.uid = p.euid;
        node.gid = p.egid;
        node.touch(vfs.time());
        par.dir().link(par.name(), node);
        par.dir().touch(vfs.time());
        return 0;
    }

    private long unlinkat(int dirfd, long pathAddr, int flags) {
        Vfs.Parent par = parentOf(dirfd, pathAddr);
        String name = par.name();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            // no last name to remove (Linux's LAST_ROOT, LAST_DOT, LAST_DOTDOT): unlink says EISDIR, rmdir one each
            if ((flags & AT_REMOVEDIR) == 0) throw err(Errno.EISDIR);
            throw err(name.isEmpty() ? Errno.EBUSY : name.equals(".") ? Errno.EINVAL : Errno.ENOTEMPTY);
        }
        Inode i = par.dir().lookup(name);
        if (i == null) throw err(Errno.ENOENT);
        if (!par.dir().writable()) throw err(Errno.EACCES);
        if ((flags & AT_REMOVEDIR) != 0) {
            if (!(i instanceof Directory d)) throw err(Errno.ENOTDIR);
            if (!d.isEmpty()) throw err(Errno.ENOTEMPTY);
        } else if (i.isDirectory()) {
            throw err(Errno.EISDIR);
        } else if (par.trailingSlash()) {
            throw err(Errno.ENOTDIR);
        }
        par.dir().unlink(par.name());
        i.nlink--;
        if (i instanceof RegularFile f) f.unlinked();
        par.dir().touch(vfs.time());
        return 0;
    }

    private long renameat(int olddir, long oldAddr, int newdir, long newAddr) {
        Vfs.Parent from = parentOf(olddir, oldAddr), to = parentOf(newdir, newAddr);
        Inode i = from.dir().lookup(from.name());
        if (i == null) throw err(Errno.ENOENT);
        Inode existing = to.dir().lookup(to.name());
        if (existing == i) return 0;
        if (existing != null) {
            if (existing.isDirectory() && !i.isDirectory()) throw err(Errno.EISDIR);
            if (!existing.isDirectory() && i.isDirectory()) throw err(Errno.ENOTDIR);
            if (existing instanceof Directory d && !d.isEmpty()) throw err(Errno.ENOTEMPTY);
        }
        if (i instanceof Directory) {
            for (Directory d = to.dir(); ; d = d.parent) {
                if (d == i) throw err(Errno.EINVAL);
                if (d == d.parent) break;
            }
        }
        from.dir().unlink(from.name());
        if (existing != null) {
            to.dir().unlink(to.name());
            existing.nlink--; // the file renamed over loses this link (and its pages with its last one)
            if (existing instanceof RegularFile f) f.unlinked();
        }
        to.dir().link(to.name(), i);
        return 0;
    }

    private long linkat(int olddir, long oldAddr, int newdir, long newAddr) {
        Inode i = lookup(olddir, oldAddr, false);
        if (i.isDirectory()) throw err(Errno.EPERM);
        Vfs.Parent to = parentOf(newdir, newAddr);
        if (to.dir().lookup(to.name()) != null) throw err(Errno.EEXIST);
        to.dir().link(to.name(), i);
        i.nlink++;
        return 0;
    }

    private long symlinkat(long targetAddr, int dirfd, long pathAddr) {
        String target = path(targetAddr);
        Vfs.Parent par = parentOf(dirfd, pathAddr);
        if (par.dir().lookup(par.name()) != null) throw err(Errno.EEXIST);
        Symlink l = new Symlink(target);
        l.touch(vfs.time());
        par.dir().link(par.name(), l);
        return 0;
    }

    private long readlinkat(int dirfd, long pathAddr, long buf, long size) {
        Inode i = lookup(dirfd, pathAddr, false);
        if (!(i instanceof Symlink l)) throw err(Errno.EINVAL);
        if (size <= 0) throw err(Errno.EINVAL);
        byte[] t = l.target.getBytes(StandardCharsets.UTF_8);
        int n = (int) Math.min(size, t.length);
        m.write(buf, t, 0, n);
        return n;
    }

    /** chmod: the owner or root; a non-root owner outside the file's group cannot set its set-group-ID (Linux's setattr_copy). */
    private long chmod(Inode i, int mode) {
        if (p.euid != 0 && p.euid != i.uid) throw err(Errno.EPERM);
        if (p.euid != 0 && p.egid != i.gid && !i.isDirectory()) mode &= ~02000;
        i.mode = (i.mode & Inode.S_IFMT) | (mode & 07777);
        i.ctime = vfs.time();
        return 0;
    }

    /**
     * How far a write of {@code length} bytes at {@code offset} may reach under RLIMIT_FSIZE
     * (Linux's generic_write_check_limits): cut at the limit, and at or beyond it SIGXFSZ and EFBIG.
     */
    private long sizeAllowed(long offset, long length) {
        long limit = fileSizeLimit();
        if (limit < 0 || offset + length <= limit) return offset + length;
        if (offset >= limit) throw fileTooLarge();
        return limit;
    }

    /** Whether a file may grow to {@code size} (Linux's inode_newsize_ok): beyond RLIMIT_FSIZE, SIGXFSZ and EFBIG. */
    private void newSizeAllowed(long size) {
        long limit = fileSizeLimit();
        if (limit >= 0 && size > limit) throw fileTooLarge();
    }

    /** The caller's RLIMIT_FSIZE (its soft limit; -1: none). */
    private long fileSizeLimit() {
        return p.leader.rlimits[2 * Process.RLIMIT_FSIZE];
    }

    /** SIGXFSZ to the caller (send_sig(SIGXFSZ, current, 0)) and the EFBIG its call fails with. */
    private LinuxError fileTooLarge() {
        int xfsz = abi.signal(LinuxAbi.Sig.XFSZ);
        sys.signal(p, xfsz, LinuxAbi.SignalInfo.sentBy(xfsz, LinuxAbi.SignalInfo.SI_USER, p.tgid()));
        return err(Errno.EFBIG);
    }

    /**
     * sched_setaffinity on the one CPU: a mask must hold CPU 0 (EINVAL otherwise, as a mask of no
     * active CPU is), after the target's lookup (ESRCH) and Linux's check_same_owner (EPERM unless root).
     */
    private long setAffinity(int pid, long length, long maskAddr) {
        byte cpus0to7 = length > 0 ? m.read(maskAddr, 1)[0] : 0;
        Process target = pid == 0 ? p : sys.process(pid);
        if (target == null || !target.alive()) throw err(Errno.ESRCH);
        if (p.euid != 0 && p.euid != target.euid && p.euid != target.uid) throw err(Errno.EPERM);
        if ((cpus0to7 & 1) == 0) throw err(Errno.EINVAL);
        return 0;
    }

    private static final int FALLOC_FL_KEEP_SIZE = 0x01, FALLOC_FL_PUNCH_HOLE = 0x02;
    /** The modes Linux's vfs_fallocate knows (tmpfs then takes only KEEP_SIZE and PUNCH_HOLE). */
    private static final int FALLOC_FL_KNOWN = 0x7F;

    /** fallocate(2) in the order of Linux's vfs_fallocate and tmpfs's shmem_fallocate. */
    private long fallocate(OpenFile f, int mode, long offset, long length) {
        if (offset < 0 || length <= 0) throw err(Errno.EINVAL);
        boolean keepSize = (mode & FALLOC_FL_KEEP_SIZE) != 0, punch = (mode & FALLOC_FL_PUNCH_HOLE) != 0;
        if ((mode & ~FALLOC_FL_KNOWN) != 0 || punch && !keepSize) throw err(Errno.EOPNOTSUPP);
        if (!f.writable()) throw err(Errno.EBADF);
        if (f.inode.type() == Inode.S_IFIFO) throw err(Errno.ESPIPE);
        if (f.directory != null) throw err(Errno.EISDIR);
        RegularFile file = f.file;
        if (file == null || file != f.inode) throw err(Errno.ENODEV); // a device, a stream, a generated file's snapshot
        if (offset > Long.MAX_VALUE - length) throw err(Errno.EFBIG);
        if ((mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE)) != 0) throw err(Errno.EOPNOTSUPP);
        if (punch) {
            file.punchHole(offset, length);
        } else {
            if (!keepSize && offset + length > file.size()) newSizeAllowed(offset + length);
            file.allocate(offset, length, keepSize);
        }
        sys.changed();
        return 0;
    }

    private long truncate(Inode i, long length) {
        if (i.isDirectory()) throw err(Errno.EISDIR);
        if (!(i instanceof RegularFile f)) throw err(Errno.EINVAL);
        if (length < 0) throw err(Errno.EINVAL);
        if (length > f.size()) newSizeAllowed(length);
        f.truncate(length);
        return 0;
    }

    // ---- memory ----

    private long mmap(long addr, long len, int prot, int flags, int fd, long off) {
        if (len <= 0 || (off & 0xFFF) != 0) throw err(Errno.EINVAL);
        long size = AddressSpace.roundUp(len);
        if (abi.mapShared(flags) && !abi.mapAnonymous(flags)) throw err(Errno.ENODEV);
        long at;
        if (abi.mapFixed(flags)) {
            if ((addr & 0xFFF) != 0) throw err(Errno.EINVAL);
            at = addr;
        } else if (addr != 0 && (addr & 0xFFF) == 0 && addr + size <= m.limit() && m.isFree(addr, size)) {
            at = addr;
        } else {
            at = m.findFree(size);
        }
        if (abi.mapAnonymous(flags)) {
            m.map(at, size, prot & 7, null, 0, 0, "");
        } else {
            OpenFile f = p.fds.get(fd);
            if (f.file == null) throw err(Errno.EACCES);
            // the mapped window's bytes as they are now (a private mapping; shared ones are not done)
            byte[] data = f.file.range(off, size);
            m.map(at, size, prot & 7, (o, into, i, l) -> {
                long rel = o - off;
                int n = (int) Math.max(0, Math.min(l, data.length - rel));
                if (n > 0) System.arraycopy(data, (int) rel, into, i, n);
                return n;
            }, off, size, f.path);
        }
        return at;
    }

    // ---- identity ----

    private long setid(Call call, long id) {
        if (p.euid != 0 && id != p.uid && id != p.euid) throw err(Errno.EPERM);
        if (call == Call.SETUID || call == Call.SETREUID || call == Call.SETRESUID) { p.uid = p.euid = p.suid = (int) id; }
        else { p.gid = p.egid = p.sgid = (int) id; }
        return 0;
    }

    /** setpgid: the process group is the process's, shared by its threads. */
    private long setpgid(int pid, int pgid) {
        Process q = pid == 0 ? p.leader : sys.process(pid);
        if (q != null) q = q.leader;
        if (q == null || (q != p.leader && q.parent != p.leader)) throw err(Errno.ESRCH);
        if (pgid < 0) throw err(Errno.EINVAL);
        if (q.sid == q.pid) throw err(Errno.EPERM);
        if (q.sid != p.sid) throw err(Errno.EPERM);
        int g = pgid == 0 ? q.pid : pgid;
        if (g != q.pid) {
            boolean exists = false;
            for (Process r : sys.processes()) if (r.pgid == g && r.sid == p.sid) exists = true;
            if (!exists) throw err(Errno.EPERM);
        }
        q.pgid = g;
        for (Process t : q.threads) t.pgid = g;
        return 0;
    }

    /**
     * prlimit64 (and getrlimit, setrlimit) as Linux's do_prlimit: the old limits out first, then
     * the new ones checked (soft above hard is EINVAL; a hard limit raised needs root, EPERM; a
     * descriptor limit above nr_open, 1048576, is EPERM) and set. Another process's limits need
     * the same user or root. The descriptor table follows RLIMIT_NOFILE's soft limit (up to its
     * {@link FdTable#MAX} slots).
     */
    private long prlimit(int pid, long nativeResource, long newAddr, long oldAddr) {
        int resource = abi.resource(nativeResource);
        if (resource < 0 || resource >= Process.RLIM_NLIMITS) throw err(Errno.EINVAL);
        Process target = pid == 0 ? p : sys.process(pid);
        if (target == null || !target.alive()) throw err(Errno.ESRCH);
        if (target.leader != p.leader && p.euid != 0 && p.euid != target.uid) throw err(Errno.EPERM);
        long[] limits = target.leader.rlimits;
        int at = 2 * (int) resource;
        long cur = 0, max = 0;
        if (newAddr != 0) {
            cur = m.readLong(newAddr);
            max = m.readLong(newAddr + 8);
            if (Long.compareUnsigned(cur, max) > 0) throw err(Errno.EINVAL);
            if (resource == Process.RLIMIT_NOFILE && Long.compareUnsigned(max, 1 << 20) > 0) throw err(Errno.EPERM);
            if (Long.compareUnsigned(max, limits[at + 1]) > 0 && p.euid != 0) throw err(Errno.EPERM);
        }
        if (oldAddr != 0) {
            m.writeLong(oldAddr, limits[at]);
            m.writeLong(oldAddr + 8, limits[at + 1]);
        }
        if (newAddr != 0) {
            limits[at] = cur;
            limits[at + 1] = max;
            if (resource == Process.RLIMIT_NOFILE) target.fds.limit(cur < 0 ? FdTable.MAX : cur);
        }
        return 0;
    }

    /**
     * chown as Linux's chown_common: root changes anything; the owner may only set the group to
     * its own (or keep it); -1 keeps a field. Any chown of a non-directory clears set-user-ID,
     * and set-group-ID where group execute is set (ATTR_KILL_SUID, ATTR_KILL_SGID).
     */
    private long chown(Inode i, int uid, int gid) {
        if (p.euid != 0) {
            if (uid != -1 && uid != i.uid) throw err(Errno.EPERM);
            if (gid != -1 && (p.euid != i.uid || (gid != i.gid && gid != p.egid))) throw err(Errno.EPERM);
        }
        if (uid != -1) i.uid = uid;
        if (gid != -1) i.gid = gid;
        if (!i.isDirectory()) {
            i.mode &= ~04000;
            if ((i.mode & 02010) == 02010) i.mode &= ~02000;
        }
        i.ctime = vfs.time();
        return 0;
    }

    /** The inode of an *at call as {@code flags} say: AT_EMPTY_PATH with "" is {@code dirfd} itself; AT_SYMLINK_NOFOLLOW. */
    private Inode lookupAt(int dirfd, long pathAddr, int flags) {
        if ((flags & AT_EMPTY_PATH) != 0 && m.readString(pathAddr, Vfs.PATH_MAX).isEmpty()) {
            return dirfd == AT_FDCWD ? p.cwd : p.fds.get(dirfd).inode;
        }
        return lookup(dirfd, pathAddr, (flags & AT_SYMLINK_NOFOLLOW) == 0);
    }

    private static final long UTIME_NOW = (1L << 30) - 1, UTIME_OMIT = (1L << 30) - 2;

    /**
     * utimensat as Linux's do_utimes: no times sets both to now, else each one is a time,
     * UTIME_NOW or UTIME_OMIT; no path works on {@code dirfd} itself (futimens). Explicit times
     * need the owner or root (EPERM); now needs write permission at least (EACCES). The layer's
     * times are whole seconds.
     */
    private long utimensat(int dirfd, long pathAddr, long timesAddr, int flags) {
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) throw err(Errno.EINVAL);
        long[] t = {0, UTIME_NOW, 0, UTIME_NOW};
        if (timesAddr != 0) for (int k = 0; k < 4; k++) t[k] = m.readLong(timesAddr + 8L * k);
        for (int k = 1; k < 4; k += 2) {
            if (t[k] != UTIME_NOW && t[k] != UTIME_OMIT && (t[k] < 0 || t[k] >= 1_000_000_000L)) throw err(Errno.EINVAL);
        }
        Inode i;
        if (pathAddr == 0) {
            if (dirfd == AT_FDCWD) throw err(Errno.EFAULT);
            i = p.fds.get(dirfd).inode;
        } else {
            i = lookupAt(dirfd, pathAddr, flags);
        }
        if (t[1] == UTIME_OMIT && t[3] == UTIME_OMIT) return 0;
        boolean explicit = (t[1] != UTIME_NOW && t[1] != UTIME_OMIT) || (t[3] != UTIME_NOW && t[3] != UTIME_OMIT);
        if (p.euid != 0 && p.euid != i.uid) {
            if (explicit) throw err(Errno.EPERM);
            if (!ProcAccess.permitted(p, i, 2)) throw err(Errno.EACCES);
        }
        long now = vfs.time();
        if (t[1] != UTIME_OMIT) i.atime = t[1] == UTIME_NOW ? now : t[0];
        if (t[3] != UTIME_OMIT) i.mtime = t[3] == UTIME_NOW ? now : t[2];
        i.ctime = now;
        return 0;
    }

    /** uname's node name at boot, release and version (also /proc/version's). */
    static final String NODENAME = "l4", RELEASE = "6.1.0-l4", VERSION = "#1 SMP L4Linux personality";

    /**
     * A new host or domain name as Linux's sethostname takes it: root only (CAP_SYS_ADMIN, EPERM),
     * at most 64 bytes (EINVAL), read as given (no terminating 0 needed).
     */
    private String utsName(long addr, long length) {
        if (p.euid != 0) throw err(Errno.EPERM);
        if (length < 0 || length > 64) throw err(Errno.EINVAL);
        return new String(m.read(addr, (int) length), StandardCharsets.ISO_8859_1);
    }

    private long uname(long buf) {
        String[] f = {"Linux", sys.hostname, RELEASE, VERSION, abi.machine(), sys.domainname};
        byte[] b = new byte[65 * 6];
        for (int i = 0; i < 6; i++) {
            byte[] s = f[i].getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(s, 0, b, 65 * i, Math.min(64, s.length));
        }
        m.write(buf, b);
        return 0;
    }

    /** struct sysinfo's loads are fixed point with this many fraction bits. */
    private static final int SI_LOAD_SHIFT = 16;

    private long sysinfo(long buf) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(112).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, sys.now() / 1_000_000_000L);
        long[] loads = sys.loadAverage().fixedPoint();
        for (int i = 0; i < 3; i++) b.putLong(8 + 8 * i, loads[i] << (SI_LOAD_SHIFT - LoadAverage.FSHIFT));
        b.putLong(32, sys.memoryTotalKb() * 1024);
        b.putLong(40, sys.memoryFreeKb() * 1024);
        b.putShort(80, (short) sys.processes().size());
        b.putInt(104, 1);
        m.write(buf, b.array());
        return 0;
    }

    private long clockGettime(int clock, long tp) {
        long ns = clockNow(clock);
        m.writeLong(tp, ns / 1_000_000_000L);
        m.writeLong(tp + 8, ns % 1_000_000_000L);
        return 0;
    }

    /** What clock {@code clock} reads now (ns): simulated time since boot, or the caller's CPU time. */
    private long clockNow(int clock) {
        switch (clock) {
            case CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE,
                    CLOCK_BOOTTIME, CLOCK_REALTIME_ALARM, CLOCK_BOOTTIME_ALARM, CLOCK_TAI -> {
                return sys.now(); // every clock counts simulated time since boot (TAI's offset is 0 until set)
            }
            case CLOCK_PROCESS_CPUTIME_ID -> {
                sys.updateCpuTime(p);
                return p.leader.groupUserNanos + p.leader.groupSystemNanos;
            }
            case CLOCK_THREAD_CPUTIME_ID -> {
                sys.updateCpuTime(p);
                return p.userNanos + p.systemNanos;
            }
            default -> throw err(Errno.EINVAL); // other clocks (and another process's CPU clock) are not there
        }
    }

    /** USER_HZ: the unit of times and /proc/PID/stat. */
    static final long TICK_NANOS = 10_000_000L;

    /** times: the group's user and system time and its waited-for children's, in ticks; returns ticks since boot. */
    private long times(long at) {
        if (at != 0) {
            Process l = p.leader;
            sys.updateCpuTime(l);
            m.writeLong(at, l.groupUserNanos / TICK_NANOS);
            m.writeLong(at + 8, l.groupSystemNanos / TICK_NANOS);
            m.writeLong(at + 16, l.childUserNanos / TICK_NANOS);
            m.writeLong(at + 24, l.childSystemNanos / TICK_NANOS);
        }
        return sys.now() / TICK_NANOS;
    }

    static final int RUSAGE_SELF = 0, RUSAGE_CHILDREN = -1, RUSAGE_THREAD = 1;

    private long getrusage(int who, long at) {
        Process l = p.leader;
        sys.updateCpuTime(l);
        switch (who) {
            case RUSAGE_SELF -> writeRusage(at, l.groupUserNanos, l.groupSystemNanos);
            case RUSAGE_CHILDREN -> writeRusage(at, l.childUserNanos, l.childSystemNanos);
            case RUSAGE_THREAD -> writeRusage(at, p.userNanos, p.systemNanos);
            default -> throw err(Errno.EINVAL);
        }
        return 0;
    }

    /** struct rusage: ru_utime and ru_stime as timevals, the other fourteen fields 0 (not counted). */
    private void writeRusage(long at, long userNanos, long systemNanos) {
        m.write(at, new byte[144]);
        m.writeLong(at, userNanos / 1_000_000_000L);
        m.writeLong(at + 8, userNanos % 1_000_000_000L / 1000);
        m.writeLong(at + 16, systemNanos / 1_000_000_000L);
        m.writeLong(at + 24, systemNanos % 1_000_000_000L / 1000);
    }

    static final int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME_ID = 2, CLOCK_THREAD_CPUTIME_ID = 3,
            CLOCK_MONOTONIC_RAW = 4, CLOCK_REALTIME_COARSE = 5, CLOCK_MONOTONIC_COARSE = 6, CLOCK_BOOTTIME = 7,
            CLOCK_REALTIME_ALARM = 8, CLOCK_BOOTTIME_ALARM = 9, CLOCK_SGI_CYCLE = 10, CLOCK_TAI = 11, TIMER_ABSTIME = 1;

    /** A timespec as nanoseconds (saturating), EINVAL unless 0 <= tv_nsec < 10^9 and tv_sec >= 0. */
    private long timespec(long at) {
        long s = m.readLong(at), ns = m.readLong(at + 8);
        if (s < 0 || ns < 0 || ns >= 1_000_000_000L) throw err(Errno.EINVAL);
        return s > Long.MAX_VALUE / 2_000_000_000L ? Long.MAX_VALUE / 2 : s * 1_000_000_000L + ns;
    }

    /** A ppoll/pselect6 timeout: -1 for none (a null pointer), else nanoseconds. */
    private long timeout(long at) {
        return at == 0 ? -1 : timespec(at);
    }

    /**
     * nanosleep and clock_nanosleep: waits until the simulated clock has passed the request (a
     * relative time, or with TIMER_ABSTIME a time on the clock; the layer's clocks all count
     * simulated time since boot); the caller's scheduler runs others or idles meanwhile. A relative
     * sleep a handler interrupts writes the time left to {@code rem}.
     */
    private long nanosleep(int clock, int flags, long req, long rem) {
        if (p.sleepUntil < 0) {
            switch (clock) {
                case CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME -> { }
                case CLOCK_THREAD_CPUTIME_ID -> throw err(Errno.EINVAL);
                case CLOCK_PROCESS_CPUTIME_ID, CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE ->
                        throw err(Errno.EOPNOTSUPP);
                default -> throw err(Errno.EINVAL);
            }
            long t = timespec(req);
            boolean absolute = (flags & TIMER_ABSTIME) != 0;
            p.sleepUntil = absolute ? t : sys.now() + t;
            p.sleepRemainAddress = absolute ? 0 : rem;
        }
        if (sys.now() < p.sleepUntil) throw WouldBlock.INSTANCE;
        p.sleepUntil = -1;
        p.sleepRemainAddress = 0;
        return 0;
    }

    // ---- interval timers ----

    /** alarm: ITIMER_REAL in whole seconds; returns the seconds left of the previous one, rounded as Linux does. */
    private long alarm(long seconds) {
        Process l = p.leader;
        long left = sys.timerLeft(l, ITIMER_REAL);
        sys.setTimer(l, ITIMER_REAL, Math.min(seconds, Integer.MAX_VALUE) * 1_000_000_000L, 0);
        long s = left / 1_000_000_000L, us = left % 1_000_000_000L / 1000;
        if ((s == 0 && us != 0) || us >= 500_000) s++;
        return s;
    }

    private long setitimer(int which, long value, long old) {
        if (which < ITIMER_REAL || which > ITIMER_PROF) throw err(Errno.EINVAL);
        long interval = 0, first = 0;
        if (value != 0) {
            interval = timeval(value);
            first = timeval(value + 16);
        }
        if (old != 0) getitimer(which, old);
        // a value of 0 disarms; a null new value is 0 too (Linux accepts it with a warning)
        sys.setTimer(p.leader, which, first, first == 0 ? 0 : interval);
        return 0;
    }

    private long getitimer(int which, long at) {
        if (which < ITIMER_REAL || which > ITIMER_PROF) throw err(Errno.EINVAL);
        Process.IntervalTimer x = p.leader.timers[which];
        long left = sys.timerLeft(p.leader, which), interval = x.expires < 0 ? 0 : x.interval;
        m.writeLong(at, interval / 1_000_000_000L);
        m.writeLong(at + 8, interval % 1_000_000_000L / 1000);
        m.writeLong(at + 16, left / 1_000_000_000L);
        m.writeLong(at + 24, left % 1_000_000_000L / 1000);
        return 0;
    }

    /** A timeval as nanoseconds, EINVAL unless 0 <= tv_usec < 10^6 and tv_sec >= 0. */
    private long timeval(long at) {
        long s = m.readLong(at), us = m.readLong(at + 8);
        if (s < 0 || us < 0 || us >= 1_000_000L) throw err(Errno.EINVAL);
        return s > Long.MAX_VALUE / 2_000_000_000L ? Long.MAX_VALUE / 2 : s * 1_000_000_000L + us * 1000;
    }

    // ---- futexes ----

    static final int FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_REQUEUE = 3, FUTEX_CMP_REQUEUE = 4, FUTEX_WAIT_BITSET = 9,
            FUTEX_WAKE_BITSET = 10, FUTEX_PRIVATE_FLAG = 128, FUTEX_CLOCK_REALTIME = 256;

    /**
     * futex: WAIT/WAIT_BITSET (compare the word, then wait for a wake, a timeout — relative for
     * WAIT, absolute for WAIT_BITSET — or a signal), WAKE/WAKE_BITSET, REQUEUE and CMP_REQUEUE:
     * what glibc's threads, mutexes, condition variables and pthread_join use. The PI and
     * WAKE_OP operations answer ENOSYS. A waiter that was woken returns 0 without looking at the
     * word again.
     */
    private long futex(long uaddr, int op, int val, long timeoutOrVal2, long uaddr2, int val3) {
        int cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
        if ((op & FUTEX_CLOCK_REALTIME) != 0 && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT) throw err(Errno.ENOSYS);
        if ((uaddr & 3) != 0) throw err(Errno.EINVAL);
        switch (cmd) {
            case FUTEX_WAIT, FUTEX_WAIT_BITSET -> {
                int bitset = cmd == FUTEX_WAIT ? -1 : val3;
                if (bitset == 0) throw err(Errno.EINVAL);
                if (p.futexWoken) {
                    p.futexWoken = false;
                    p.sleepUntil = -1;
                    return 0;
                }
                if (p.futexKey == null) {
                    if (m.readInt(uaddr) != val) throw err(Errno.EAGAIN);
                    long deadline = -1;
                    if (timeoutOrVal2 != 0) {
                        long t = timespec(timeoutOrVal2);
                        deadline = cmd == FUTEX_WAIT ? sys.now() + t : t;
                    }
                    sys.futexEnqueue(p, m, uaddr, bitset);
                    p.sleepUntil = deadline;
                }
                if (p.sleepUntil >= 0 && sys.now() >= p.sleepUntil) {
                    sys.futexCancel(p);
                    p.sleepUntil = -1;
                    throw err(Errno.ETIMEDOUT);
                }
                throw WouldBlock.INSTANCE;
            }
            case FUTEX_WAKE, FUTEX_WAKE_BITSET -> {
                int bitset = cmd == FUTEX_WAKE ? -1 : val3;
                if (bitset == 0) throw err(Errno.EINVAL);
                return sys.futexWake(m, uaddr, Math.max(val, 0), bitset);
            }
            case FUTEX_REQUEUE, FUTEX_CMP_REQUEUE -> {
                if (val < 0 || (int) timeoutOrVal2 < 0) throw err(Errno.EINVAL);
                if ((uaddr2 & 3) != 0) throw err(Errno.EINVAL);
                if (cmd == FUTEX_CMP_REQUEUE && m.readInt(uaddr) != val3) throw err(Errno.EAGAIN);
                int woken = sys.futexWake(m, uaddr, val, -1);
                return woken + sys.futexRequeue(m, uaddr, uaddr2, (int) timeoutOrVal2);
            }
            default -> throw err(Errno.ENOSYS);
        }
    }

    // ---- signals ----

    private long sigaction(int sig, long act, long old, long size) {
        if (sig < 1 || sig > abi.signalCount() || size != abi.sigsetBytes()) throw err(Errno.EINVAL);
        if (old != 0) abi.writeSigAction(m, old, p.actions[sig]);
        if (act != 0) {
            if (sig == abi.signal(LinuxAbi.Sig.KILL) || sig == abi.signal(LinuxAbi.Sig.STOP)) throw err(Errno.EINVAL);
            SigAction a = abi.readSigAction(m, act);
            p.actions[sig] = a;
            if (a.handler() == SigAction.SIG_IGN || (a.handler() == SigAction.SIG_DFL && abi.defaultAction(sig) == 'I')) {
                // discarded for the whole process, as Linux's do_sigaction flushes it from every thread
                for (Process t : sys.group(p.leader)) t.setPending(sig, false);
                p.setSharedPending(sig, false);
            }
        }
        return 0;
    }

    /**
     * rt_sigtimedwait: takes a pending signal of the set without running its handler (the
     * thread's own first, then its process's, the lowest first); with none pending it waits until
     * one comes, the timeout passes (EAGAIN; a zero timeout does not wait) or another signal's
     * handler runs (EINTR, never restarted). KILL and STOP cannot be waited for. The siginfo at
     * {@code info} is the signal's: its sender and si_code, a child's pid and status.
     */
    private long sigtimedwait(long set, long info, long timeoutAt, long size) {
        long s0, s1;
        try {
            if (size != abi.sigsetBytes()) throw err(Errno.EINVAL);
            s0 = m.readLong(set);
            s1 = size > 8 ? m.readLong(set + 8) : 0;
        } catch (LinuxError e) {
            endSigwait(); // a set unmapped while the call waited ends it
            throw e;
        }
        s0 = sys.withoutKillAndStop(s0);
        LinuxAbi.SignalInfo taken = sys.takePending(p, s0, s1);
        if (taken != null) {
            endSigwait();
            if (info != 0) abi.writeSignalInfo(m, info, taken);
            return taken.signo();
        }
        if (!p.sigwaiting) {
            long t = timeout(timeoutAt);
            if (t == 0) throw err(Errno.EAGAIN);
            p.sleepUntil = t < 0 ? -1 : sys.now() + t;
        } else if (p.sleepUntil >= 0 && sys.now() >= p.sleepUntil) {
            endSigwait();
            throw err(Errno.EAGAIN);
        }
        p.sigwaiting = true;
        p.sigwait0 = s0;
        p.sigwait1 = s1;
        p.neverRestart = true;
        throw WouldBlock.INSTANCE;
    }

    /** rt_sigtimedwait ends: no set waited for, no deadline. */
    private void endSigwait() {
        p.sigwaiting = false;
        p.sleepUntil = -1;
    }

    private long sigprocmask(int how, long set, long old, long size) {
        if (size != abi.sigsetBytes()) throw err(Errno.EINVAL);
        long o0 = p.blocked0, o1 = p.blocked1;
        if (set != 0) {
            long s0 = m.readLong(set), s1 = size > 8 ? m.readLong(set + 8) : 0;
            switch (abi.sigmaskHow(how)) {
                case 0 -> { p.blocked0 |= s0; p.blocked1 |= s1; }
                case 1 -> { p.blocked0 &= ~s0; p.blocked1 &= ~s1; }
                case 2 -> { p.blocked0 = s0; p.blocked1 = s1; }
                default -> throw err(Errno.EINVAL);
            }
            sys.sanitizeMask(p);
        }
        if (old != 0) {
            m.writeLong(old, o0);
            if (size > 8) m.writeLong(old + 8, o1);
        }
        return 0;
    }

    /** tgkill (tgid -1: tkill): a signal to one thread. */
    private long tgkill(int tgid, int tid, int sig) {
        if (sig < 0 || sig > abi.signalCount() || tid <= 0 || (tgid <= 0 && tgid != -1)) throw err(Errno.EINVAL);
        Process t = sys.process(tid);
        if (t == null || !t.alive() || (tgid != -1 && t.tgid() != tgid)) throw err(Errno.ESRCH);
        sys.signalThread(t, sig, LinuxAbi.SignalInfo.sentBy(sig, LinuxAbi.SignalInfo.SI_TKILL, p.tgid()));
        return 0;
    }

    private long kill(int pid, int sig) {
        if (sig < 0 || sig > abi.signalCount()) throw err(Errno.EINVAL);
        List<Process> targets = new ArrayList<>();
        if (pid > 0) {
            Process q = sys.process(pid);
            if (q == null || q.state == Process.State.DEAD || LinuxSystem.groupOver(q.leader) && !q.isLeader()) throw err(Errno.ESRCH);
            targets.add(q);
        } else {
            // -1: every process but init and the caller's own (Linux's kill_something_info)
            int g = pid == 0 ? p.pgid : pid == -1 ? -1 : -pid;
            for (Process q : sys.processes()) {
                if (!q.isLeader() || LinuxSystem.groupOver(q)) continue;
                if (g == -1 ? q.pid != 1 && q != p.leader : q.pgid == g) targets.add(q);
            }
            if (targets.isEmpty()) throw err(Errno.ESRCH);
        }
        for (Process q : targets) sys.signal(q, sig, LinuxAbi.SignalInfo.sentBy(sig, LinuxAbi.SignalInfo.SI_USER, p.tgid()));
        return 0;
    }

    // ---- processes ----

    private long clone(long flags, long stack, long ptid, long ctid, long tls) {
        // Linux's copy_process: a thread group shares the signal actions, which need one memory
        if ((flags & CLONE_THREAD) != 0 && (flags & CLONE_SIGHAND) == 0) throw err(Errno.EINVAL);
        if ((flags & CLONE_SIGHAND) != 0 && (flags & CLONE_VM) == 0) throw err(Errno.EINVAL);
        if ((flags & CLONE_THREAD) != 0) return cloneThread(flags, stack, ptid, ctid, tls);
        // valid in Linux, but a separate process sharing the memory (or the actions) of its parent
        // is not there: a clear ENOSYS rather than a copy the caller would take for shared memory
        if ((flags & CLONE_SIGHAND) != 0) throw sys.unsupported("clone with CLONE_SIGHAND but without CLONE_THREAD");
        if ((flags & CLONE_VM) != 0 && (flags & CLONE_VFORK) == 0)
            throw sys.unsupported("clone with CLONE_VM but without CLONE_THREAD or CLONE_VFORK");
        Process c = sys.newChild(p);
        // CLONE_VM|CLONE_VFORK shares memory in Linux; here the child gets a copy-on-write copy,
        // which a vfork child cannot tell apart (it only execs or exits), while the parent still waits.
        c.memory = m.fork();
        c.fds = p.fds.copy();
        c.context = p.context.copy();
        if (stack != 0) abi.setStackPointer(c.context, stack);
        if ((flags & CLONE_SETTLS) != 0) abi.setThreadPointer(c.context, tls);
        abi.returnFromSyscall(c.context, 0);
        if ((flags & CLONE_PARENT_SETTID) != 0 && ptid != 0) m.writeInt(ptid, c.pid);
        if ((flags & CLONE_CHILD_SETTID) != 0 && ctid != 0) c.memory.writeInt(ctid, c.pid);
        if ((flags & CLONE_CHILD_CLEARTID) != 0) c.clearChildTid = ctid;
        if ((flags & CLONE_VFORK) != 0) {
            c.vforkParent = p;
            p.vforkWaiting = true;
        }
        return c.pid;
    }

    /**
     * A thread of this process (CLONE_THREAD, with CLONE_SIGHAND and CLONE_VM): it shares memory, file descriptors and signal actions with the caller, starts on
     * {@code stack} returning 0 from clone, with its own signal mask copied from the caller.
     */
    private long cloneThread(long flags, long stack, long ptid, long ctid, long tls) {
        if ((flags & CLONE_VFORK) != 0) throw sys.unsupported("clone with CLONE_THREAD and CLONE_VFORK");
        Process t = sys.newThread(p);
        t.context = p.context.copy();
        if (stack != 0) abi.setStackPointer(t.context, stack);
        if ((flags & CLONE_SETTLS) != 0) abi.setThreadPointer(t.context, tls);
        abi.returnFromSyscall(t.context, 0);
        if ((flags & CLONE_PARENT_SETTID) != 0 && ptid != 0) m.writeInt(ptid, t.pid);
        if ((flags & CLONE_CHILD_SETTID) != 0 && ctid != 0) m.writeInt(ctid, t.pid);
        if ((flags & CLONE_CHILD_CLEARTID) != 0) t.clearChildTid = ctid;
        return t.pid;
    }

    private long execve(long pathAddr, long argvAddr, long envAddr) {
        String path = path(pathAddr);
        List<byte[]> argv = strings(argvAddr), envp = strings(envAddr);
        sys.exec(p, path, argv, envp);
        return NO_RETURN;
    }

    private List<byte[]> strings(long addr) {
        List<byte[]> out = new ArrayList<>();
        if (addr == 0) return out;
        long total = 0;
        for (int i = 0; ; i++) {
            long s = m.readLong(addr + 8L * i);
            if (s == 0) return out;
            byte[] b = m.readStringBytes(s, 128 * 1024);
            total += b.length + 1;
            if (total > 128 * 1024 || i > 32768) throw err(Errno.E2BIG);
            out.add(b);
        }
    }

    private long wait4(int pid, long statusAddr, int options, long rusage) {
        if ((options & ~(WNOHANG | WUNTRACED | WCONTINUED | 0x40000000 | 0x80000000)) != 0) throw err(Errno.EINVAL);
        boolean any = false;
        for (Process c : new ArrayList<>(p.leader.children)) {
            boolean match = pid == -1 || (pid > 0 && c.pid == pid) || (pid == 0 && c.pgid == p.pgid) || (pid < -1 && c.pgid == -pid);
            if (!match) continue;
            any = true;
            if (c.state == Process.State.ZOMBIE && !c.threadGone) {
                if (statusAddr != 0) m.writeInt(statusAddr, c.waitStatus);
                if (rusage != 0) writeRusage(rusage, c.groupUserNanos + c.childUserNanos, c.groupSystemNanos + c.childSystemNanos);
                sys.reapWaited(c);
                return c.pid;
            }
            if (c.stopReport != -1) {
                boolean stopped = c.stopReport != 0xFFFF;
                if ((stopped && (options & WUNTRACED) != 0) || (!stopped && (options & WCONTINUED) != 0)) {
                    if (statusAddr != 0) m.writeInt(statusAddr, c.stopReport);
                    c.stopReport = -1;
                    return c.pid;
                }
            }
        }
        if (!any) throw err(Errno.ECHILD);
        if ((options & WNOHANG) != 0) return 0;
        throw WouldBlock.INSTANCE;
    }

    // ---- poll ----

    /** poll and ppoll: {@code timeout} in ns, -1 for none; a finite one runs on simulated time. */
    private long poll(long fds, int n, long timeout) {
        if (n < 0 || n > FdTable.MAX) throw err(Errno.EINVAL);
        int ready = 0;
        for (int i = 0; i < n; i++) {
            long e = fds + 8L * i;
            int fd = m.readInt(e);
            int events = m.readInt(e + 4) & 0xFFFF;
            int rev = 0;
            if (fd >= 0) {
                OpenFile f = p.fds.peek(fd);
                if (f == null) rev = 0x20; // POLLNVAL
                else {
                    boolean r = f.stream == null || f.stream.readReady();
                    boolean w = f.stream == null || f.stream.writeReady();
                    if ((events & 1) != 0 && r) rev |= 1;
                    if ((events & 4) != 0 && w) rev |= 4;
                }
            }
            byte[] re = {(byte) rev, (byte) (rev >> 8)};
            m.write(e + 6, re);
            if (rev != 0) ready++;
        }
        if (ready == 0) waitOrTimeOut(timeout);
        p.sleepUntil = -1;
        return ready;
    }

    /**
     * Nothing is ready: returns (to report 0) when the timeout has passed, else waits — until
     * something changes, or the deadline set on the first run (the harness wakes sleepers).
     */
    private void waitOrTimeOut(long timeout) {
        if (timeout == 0) return;
        if (timeout > 0 && p.sleepUntil < 0) p.sleepUntil = sys.now() + timeout;
        if (p.sleepUntil >= 0 && sys.now() >= p.sleepUntil) return;
        p.neverRestart = true;
        throw WouldBlock.INSTANCE;
    }

    private long pselect(int n, long rd, long wr, long ex, long timeout) {
        if (n < 0 || n > FdTable.MAX) throw err(Errno.EINVAL);
        int words = (n + 63) / 64;
        long[] r = new long[words], w = new long[words];
        int ready = 0;
        for (int i = 0; i < words; i++) {
            long rin = rd != 0 ? m.readLong(rd + 8L * i) : 0, win = wr != 0 ? m.readLong(wr + 8L * i) : 0;
            for (int b = 0; b < 64 && i * 64 + b < n; b++) {
                int fd = i * 64 + b;
                if (((rin | win) >>> b & 1) == 0) continue;
                OpenFile f = p.fds.get(fd);
                if ((rin >>> b & 1) != 0 && (f.stream == null || f.stream.readReady())) { r[i] |= 1L << b; ready++; }
                if ((win >>> b & 1) != 0 && (f.stream == null || f.stream.writeReady())) { w[i] |= 1L << b; ready++; }
            }
        }
        if (ready == 0) waitOrTimeOut(timeout);
        p.sleepUntil = -1;
        for (int i = 0; i < words; i++) {
            if (rd != 0) m.writeLong(rd + 8L * i, r[i]);
            if (wr != 0) m.writeLong(wr + 8L * i, w[i]);
            if (ex != 0) m.writeLong(ex + 8L * i, 0);
        }
        return ready;
    }
}
