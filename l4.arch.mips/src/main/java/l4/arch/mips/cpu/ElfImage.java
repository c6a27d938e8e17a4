package l4.arch.mips.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A static ELF64 little-endian MIPS executable as a loader needs it: the entry point and the
 * PT_LOAD segments (file bytes, memory size, writable). Parsing only: where the segments go is the
 * loader's business. Malformed input is an {@link IllegalArgumentException} with a one-line reason.
 */
public final class ElfImage {
    /** One PT_LOAD segment: {@code memorySize - data.length} bytes of zeros follow the data. */
    public record Segment(long virtualAddress, byte[] data, long memorySize, boolean writable, boolean executable) {}

    private static final int PT_LOAD = 1;
    private static final int EM_MIPS = 8;

    private final long entry;
    private final List<Segment> segments;
    private final int flags;

    private ElfImage(long entry, List<Segment> segments, int flags) {
        this.entry = entry;
        this.segments = List.copyOf(segments);
        this.flags = flags;
    }

    public static ElfImage parse(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 64 || b.getInt(0) != 0x464C457F) throw new IllegalArgumentException("not an ELF file");
        if (file[4] != 2) throw new IllegalArgumentException("not a 64-bit ELF file");
        if (file[5] != 1) throw new IllegalArgumentException("not a little-endian ELF file");
        if (b.getShort(16) != 2) throw new IllegalArgumentException("not an executable (ET_EXEC) ELF file");
        if (b.getShort(18) != EM_MIPS) throw new IllegalArgumentException("not a MIPS ELF file");
        long entry = b.getLong(24);
        long phoff = b.getLong(32);
        int flags = b.getInt(48);
        int phentsize = b.getShort(54) & 0xFFFF;
        int phnum = b.getShort(56) & 0xFFFF;
        if (phentsize < 56 || phoff < 0 || phoff + (long) phnum * phentsize > file.length) {
            throw new IllegalArgumentException("program headers outside the file");
        }
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int h = (int) (phoff + (long) i * phentsize);
            if (b.getInt(h) != PT_LOAD) continue;
            int pflags = b.getInt(h + 4);
            long offset = b.getLong(h + 8);
            long vaddr = b.getLong(h + 16);
            long filesz = b.getLong(h + 32);
            long memsz = b.getLong(h + 40);
            if (offset < 0 || filesz < 0 || offset + filesz > file.length || memsz < filesz) {
                throw new IllegalArgumentException("segment " + i + " outside the file or smaller in memory than on file");
            }
            byte[] data = new byte[(int) filesz];
            System.arraycopy(file, (int) offset, data, 0, data.length);
            segments.add(new Segment(vaddr, data, memsz, (pflags & 2) != 0, (pflags & 1) != 0));
        }
        if (segments.isEmpty()) throw new IllegalArgumentException("no loadable segment");
        return new ElfImage(entry, segments, flags);
    }

    public long entry() {
        return entry;
    }

    public List<Segment> segments() {
        return segments;
    }

    /** e_flags: ABI and architecture level (EF_MIPS_ARCH in the top nibble). */
    public int flags() {
        return flags;
    }
}
