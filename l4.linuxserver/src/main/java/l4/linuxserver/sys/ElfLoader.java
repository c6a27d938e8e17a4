package l4.linuxserver.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import l4.linuxserver.mm.AddressSpace;
import l4.linuxserver.mm.Vma;

/**
 * execve's loader for ELF64 little-endian executables: static ET_EXEC, and ET_DYN without an
 * interpreter (static PIE, placed at the ABI's PIE base). Segments become private file-backed
 * mappings (the tail past p_filesz zero-filled), then the initial stack as the System V ABI and
 * Linux's fs/binfmt_elf.c lay it out: argc, argv[], NULL, envp[], NULL, auxv pairs, AT_NULL, the
 * strings and 16 random bytes above.
 */
public final class ElfLoader {
    public static final int AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7,
            AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15,
            AT_HWCAP = 16, AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_EXECFN = 31;
    private static final int PT_LOAD = 1, PT_INTERP = 3, PT_PHDR = 6;

    /** The entry point and the initial stack pointer of a loaded program. */
    public record Loaded(long entry, long stackPointer) {}

    private ElfLoader() {}

    /** Whether the file starts like an ELF image (otherwise execve tries #! or fails with ENOEXEC). */
    public static boolean isElf(byte[] f) {
        return f.length >= 4 && f[0] == 0x7F && f[1] == 'E' && f[2] == 'L' && f[3] == 'F';
    }

    public static Loaded load(LinuxAbi abi, AddressSpace m, byte[] file, List<byte[]> argv, List<byte[]> envp,
            String execFn, Process p, long randomSeed) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 64 || file[4] != 2 || file[5] != 1) throw new LinuxError(Errno.ENOEXEC);
        int type = b.getShort(16);
        if ((type != 2 && type != 3) || b.getShort(18) != abi.elfMachine()) throw new LinuxError(Errno.ENOEXEC);
        long entry = b.getLong(24);
        long phoff = b.getLong(32);
        int phentsize = b.getShort(54) & 0xFFFF;
        int phnum = b.getShort(56) & 0xFFFF;
        if (phentsize < 56 || phoff < 0 || phoff + (long) phnum * phentsize > file.length) throw new LinuxError(Errno.ENOEXEC);
        long bias = type == 3 ? abi.pieBase() : 0;
        long phdrAddr = 0, end = 0;
        for (int i = 0; i < phnum; i++) {
            int h = (int) (phoff + (long) i * phentsize);
            int kind = b.getInt(h);
            if (kind == PT_INTERP) throw new LinuxError(Errno.ENOEXEC);
            if (kind == PT_PHDR) phdrAddr = b.getLong(h + 16) + bias;
            if (kind != PT_LOAD) continue;
            int flags = b.getInt(h + 4);
            long off = b.getLong(h + 8), va = b.getLong(h + 16) + bias, filesz = b.getLong(h + 32), memsz = b.getLong(h + 40);
            if (off < 0 || filesz < 0 || memsz < filesz || off + filesz > file.length) throw new LinuxError(Errno.ENOEXEC);
            if ((va & 0xFFF) != (off & 0xFFF)) throw new LinuxError(Errno.ENOEXEC);
            long start = va & ~0xFFFL, pageOff = off & ~0xFFFL;
            int prot = ((flags & 4) != 0 ? Vma.READ : 0) | ((flags & 2) != 0 ? Vma.WRITE : 0) | ((flags & 1) != 0 ? Vma.EXEC : 0);
            long fileLimit = (off + filesz) - pageOff;
            m.map(start, va + memsz - start, prot, (o, into, at, len) -> {
                int n = (int) Math.max(0, Math.min(len, file.length - o));
                System.arraycopy(file, (int) o, into, at, n);
                return n;
            }, pageOff, fileLimit, execFn);
            if (phdrAddr == 0 && phoff >= off && phoff < off + filesz) phdrAddr = va + (phoff - off);
            end = Math.max(end, va + memsz);
        }
        if (end == 0) throw new LinuxError(Errno.ENOEXEC);
        m.setBrkStart(end);
        // the stack
        long top = abi.stackTop();
        m.map(top - (8L << 20), 8L << 20, Vma.READ | Vma.WRITE, null, 0, 0, "[stack]");
        long sp = top;
        byte[] random = new byte[16];
        long x = randomSeed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < 16; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            random[i] = (byte) x;
        }
        sp -= 16;
        long randomAt = sp;
        m.write(randomAt, random);
        long execFnAt = sp = pushString(m, sp, execFn.getBytes(StandardCharsets.UTF_8));
        long platformAt = sp = pushString(m, sp, abi.platform().getBytes(StandardCharsets.UTF_8));
        long[] envAt = new long[envp.size()];
        for (int i = envp.size() - 1; i >= 0; i--) envAt[i] = sp = pushString(m, sp, envp.get(i));
        long[] argAt = new long[argv.size()];
        for (int i = argv.size() - 1; i >= 0; i--) argAt[i] = sp = pushString(m, sp, argv.get(i));
        long[][] aux = {{AT_PHDR, phdrAddr}, {AT_PHENT, phentsize}, {AT_PHNUM, phnum}, {AT_PAGESZ, 4096}, {AT_BASE, 0},
            {AT_FLAGS, 0}, {AT_ENTRY, entry + bias}, {AT_UID, p.uid}, {AT_EUID, p.euid}, {AT_GID, p.gid},
            {AT_EGID, p.egid}, {AT_HWCAP, abi.hwcap()}, {AT_CLKTCK, 100}, {AT_SECURE, 0}, {AT_RANDOM, randomAt},
            {AT_EXECFN, execFnAt}, {AT_PLATFORM, platformAt}, {AT_NULL, 0}};
        int words = 1 + argAt.length + 1 + envAt.length + 1 + 2 * aux.length;
        sp = (sp - 8L * words) & ~15L;
        long w = sp;
        m.writeLong(w, argAt.length);
        w += 8;
        for (long a : argAt) {
            m.writeLong(w, a);
            w += 8;
        }
        m.writeLong(w, 0);
        w += 8;
        for (long e : envAt) {
            m.writeLong(w, e);
            w += 8;
        }
        m.writeLong(w, 0);
        w += 8;
        for (long[] a : aux) {
            m.writeLong(w, a[0]);
            m.writeLong(w + 8, a[1]);
            w += 16;
        }
        return new Loaded(entry + bias, sp);
    }

    private static long pushString(AddressSpace m, long sp, byte[] s) {
        sp -= s.length + 1;
        m.write(sp, s);
        m.write(sp + s.length, new byte[1]);
        return sp;
    }
}
