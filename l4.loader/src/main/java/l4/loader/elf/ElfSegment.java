package l4.loader.elf;

/**
 * One PT_LOAD segment: {@code fileSize} bytes from {@code fileOffset} at {@code virtualAddress},
 * followed by zeros up to {@code memorySize} (the BSS).
 */
public record ElfSegment(long virtualAddress, long fileOffset, long fileSize, long memorySize, boolean readable,
                         boolean writable, boolean executable) {
    /** First byte past the segment in memory. */
    public long end() {
        return virtualAddress + memorySize;
    }

    /** Whether {@code address} lies in the segment's memory image. */
    public boolean contains(long address) {
        return address >= virtualAddress && address - virtualAddress < memorySize;
    }
}
