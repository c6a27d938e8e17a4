package l4.linuxserver.mm;

/**
 * One mapping of an address space, [start, end), page aligned. {@code backing} is null for
 * anonymous memory; otherwise page {@code p} of the mapping holds the file from
 * {@code fileOffset + (p - start)}, up to {@code fileLimit} bytes of the file (zeros beyond, as
 * for the .bss tail of an ELF segment).
 */
public record Vma(long start, long end, int prot, Backing backing, long fileOffset, long fileLimit, String name) {
    public static final int READ = 1, WRITE = 2, EXEC = 4;

    public boolean contains(long va) {
        return va >= start && va < end;
    }

    Vma slice(long from, long to) {
        return new Vma(from, to, prot, backing, fileOffset + (from - start), fileLimit, name);
    }

    Vma withProt(int p) {
        return new Vma(start, end, p, backing, fileOffset, fileLimit, name);
    }
}
