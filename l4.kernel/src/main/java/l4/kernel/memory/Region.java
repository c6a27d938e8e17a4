package l4.kernel.memory;

/**
 * A run of pages of one space that are virtually and physically contiguous, equally privileged
 * and came from one contiguous run of the same parent space ({@code l4:space}).
 *
 * @param fromTask    task number of the space the pages were mapped from; -1 for σ0's own 1:1 roots
 * @param fromAddress virtual address in that space of the first page (for roots: the physical address)
 */
public record Region(long virtualAddress, long size, long physicalAddress, boolean writable, boolean uncached,
                     int fromTask, long fromAddress) {
    public int pages() { return (int) (size >>> PhysicalMemory.FRAME_BITS); }
}
