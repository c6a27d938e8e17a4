package l4.loader.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A static ELF64 executable (System V ABI, "ELF-64 Object File Format" 1.5): the header's checks,
 * the entry point, the PT_LOAD segments and where the program headers lie in memory (AT_PHDR).
 * Parsing only: where segments go and which frames back them is the pager's business. Anything
 * that cannot be loaded as a static executable for the expected machine is an
 * {@link ElfFormatException} with a one-line reason.
 */
public final class ElfFile {
    public static final int EM_386 = 3, EM_MIPS = 8, EM_X86_64 = 62;
    public static final int ET_EXEC = 2, ET_DYN = 3;
    /** e_ident[EI_OSABI] values: System V (what Linux binaries carry), Linux, standalone (L4-native guest programs). */
    public static final int ELFOSABI_SYSV = 0, ELFOSABI_LINUX = 3, ELFOSABI_STANDALONE = 255;
    public static final int PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_PHDR = 6;
    /** Size of one ELF64 program header (AT_PHENT). */
    public static final int PHDR_SIZE = 56;
    private static final int PF_X = 1, PF_W = 2, PF_R = 4;

    private final byte[] bytes;
    private final int machine;
    private final long entry;
    private final long programHeaderAddress;
    private final int programHeaderCount;
    private final int flags;
    private final List<ElfSegment> segments;
    private final int osAbi;

    private ElfFile(byte[] bytes, int machine, long entry, long phdrAddress, int phnum, int flags, List<ElfSegment> segments) {
        this.bytes = bytes;
        this.machine = machine;
        this.entry = entry;
        this.programHeaderAddress = phdrAddress;
        this.programHeaderCount = phnum;
        this.flags = flags;
        this.segments = List.copyOf(segments);
        this.osAbi = bytes[7] & 0xFF;
    }

    /**
     * Parses {@code file} as a static little-endian ELF64 executable for {@code machine}
     * ({@link #EM_MIPS}); segments must fit below {@code addressLimit} and together need at most
     * {@code maxMemory} bytes of memory.
     */
    public static ElfFile parse(byte[] file, int machine, long addressLimit, long maxMemory) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 4 || b.getInt(0) != 0x464C457F) throw new ElfFormatException("not an ELF file");
        if (file.length < 52) throw new ElfFormatException("truncated ELF header (" + file.length + " bytes)");
        int fileMachine = Short.toUnsignedInt(file[5] == 2 ? Short.reverseBytes(b.getShort(18)) : b.getShort(18));
        if (fileMachine != machine) {
            throw new ElfFormatException("an executable for " + machineName(fileMachine) + ", not for " + machineName(machine));
        }
        if (file[4] != 2) throw new ElfFormatException("a 32-bit ELF file; this loader runs ELF64 (n64) executables");
        if (file[5] != 1) throw new ElfFormatException("a big-endian ELF file; the machine is little endian");
        if (file.length < 64) throw new ElfFormatException("truncated ELF header (" + file.length + " bytes)");
        int type = b.getShort(16);
        if (type == ET_DYN) throw new ElfFormatException("a position-independent (ET_DYN) file; only static executables load");
        if (type != ET_EXEC) throw new ElfFormatException("not an executable (ELF type " + type + ")");
        long entry = b.getLong(24);
        long phoff = b.getLong(32);
        int flags = b.getInt(48);
        int phentsize = Short.toUnsignedInt(b.getShort(54));
        int phnum = Short.toUnsignedInt(b.getShort(56));
        if (phnum == 0) throw new ElfFormatException("no program headers");
        if (phentsize < PHDR_SIZE || phoff < 0 || phoff + (long) phnum * phentsize > file.length) {
            throw new ElfFormatException("program headers outside the file");
        }
        List<ElfSegment> segments = new ArrayList<>();
        long phdrAddress = 0;
        long memory = 0;
        for (int i = 0; i < phnum; i++) {
            int h = (int) (phoff + (long) i * phentsize);
            int kind = b.getInt(h);
            if (kind == PT_INTERP || kind == PT_DYNAMIC) {
                throw new ElfFormatException("a dynamically linked executable; only static executables load");
            }
            if (kind == PT_PHDR) phdrAddress = b.getLong(h + 16);
            if (kind != PT_LOAD) continue;
            int pflags = b.getInt(h + 4);
            long offset = b.getLong(h + 8);
            long vaddr = b.getLong(h + 16);
            long filesz = b.getLong(h + 32);
            long memsz = b.getLong(h + 40);
            if (filesz < 0 || (filesz > 0 && (offset < 0 || offset + filesz > file.length))) {
                throw new ElfFormatException("segment " + i + " lies outside the file");
            }
            if (memsz < filesz) throw new ElfFormatException("segment " + i + " is smaller in memory than in the file");
            if ((vaddr & 0xFFF) != (offset & 0xFFF)) {
                throw new ElfFormatException("segment " + i + " is not page-aligned with its file offset");
            }
            if (vaddr < 0 || memsz > addressLimit || vaddr > addressLimit - memsz) {
                throw new ElfFormatException(String.format("segment %d (0x%x, %d bytes) lies outside the user address space (below 0x%x)",
                        i, vaddr, memsz, addressLimit));
            }
            ElfSegment s = new ElfSegment(vaddr, offset, filesz, memsz, (pflags & PF_R) != 0, (pflags & PF_W) != 0,
                    (pflags & PF_X) != 0);
            for (ElfSegment o : segments) {
                if (pageStart(s.virtualAddress()) < pageEnd(o.end()) && pageStart(o.virtualAddress()) < pageEnd(s.end())) {
                    throw new ElfFormatException("segments " + segments.indexOf(o) + " and " + i + " share a page");
                }
            }
            memory += pageEnd(s.end()) - pageStart(s.virtualAddress());
            if (memory > maxMemory) {
                throw new ElfFormatException("too large: its segments need more than " + maxMemory / 1024 + " KiB");
            }
            if (phdrAddress == 0 && phoff >= offset && phoff + (long) phnum * phentsize <= offset + filesz) {
                phdrAddress = vaddr + (phoff - offset);
            }
            segments.add(s);
        }
        if (segments.isEmpty()) throw new ElfFormatException("no loadable segment");
        if (segments.stream().noneMatch(s -> s.executable() && s.contains(entry))) {
            throw new ElfFormatException(String.format("the entry point 0x%x is in no executable segment", entry));
        }
        return new ElfFile(file, fileMachine, entry, phdrAddress, phnum, flags, segments);
    }

    private static long pageStart(long a) {
        return a & ~0xFFFL;
    }

    private static long pageEnd(long a) {
        return (a + 0xFFF) & ~0xFFFL;
    }

    /** A readable name of an ELF machine number. */
    public static String machineName(int machine) {
        return switch (machine) {
            case EM_386 -> "ix86 (EM_386)";
            case EM_MIPS -> "MIPS (EM_MIPS)";
            case EM_X86_64 -> "x86-64 (EM_X86_64)";
            case 40 -> "ARM (EM_ARM)";
            case 183 -> "AArch64 (EM_AARCH64)";
            case 243 -> "RISC-V (EM_RISCV)";
            default -> "machine " + machine;
        };
    }

    public int machine() {
        return machine;
    }

    public long entry() {
        return entry;
    }

    /** Where the program headers are in memory (AT_PHDR), 0 if no segment loads them. */
    public long programHeaderAddress() {
        return programHeaderAddress;
    }

    /** AT_PHNUM. */
    public int programHeaderCount() {
        return programHeaderCount;
    }

    /** e_ident[EI_OSABI]: {@link #ELFOSABI_SYSV}, {@link #ELFOSABI_LINUX}, {@link #ELFOSABI_STANDALONE}, ... */
    public int osAbi() {
        return osAbi;
    }

    /** e_flags (MIPS: ABI and architecture level). */
    public int flags() {
        return flags;
    }

    public List<ElfSegment> segments() {
        return segments;
    }

    /** The highest address any segment occupies, page-aligned up: where a heap (brk) would start. */
    public long end() {
        return segments.stream().mapToLong(s -> pageEnd(s.end())).max().orElse(0);
    }

    /**
     * The bytes of the page at {@code pageAddress} (4 KiB aligned) as the program starts with it:
     * the file's bytes of every segment there, zeros elsewhere (BSS); null if no segment covers it.
     */
    public byte[] page(long pageAddress) {
        byte[] page = null;
        for (ElfSegment s : segments) {
            if (pageEnd(s.end()) <= pageAddress || pageStart(s.virtualAddress()) > pageAddress) continue;
            if (page == null) page = new byte[4096];
            long from = Math.max(pageAddress, s.virtualAddress());
            long to = Math.min(pageAddress + 4096, s.virtualAddress() + s.fileSize());
            if (to > from) {
                System.arraycopy(bytes, (int) (s.fileOffset() + (from - s.virtualAddress())), page, (int) (from - pageAddress),
                        (int) (to - from));
            }
        }
        return page;
    }

    /** The segment covering {@code address}'s page, or null. */
    public ElfSegment segmentAt(long address) {
        for (ElfSegment s : segments) {
            if (address >= pageStart(s.virtualAddress()) && address < pageEnd(s.end())) return s;
        }
        return null;
    }
}
