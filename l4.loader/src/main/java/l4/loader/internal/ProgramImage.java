package l4.loader.internal;

import l4.loader.elf.ElfFile;
import l4.loader.elf.ElfSegment;
import l4.loader.elf.InitialStack;

/**
 * What a program's address space holds, page by page, before it runs: its ELF segments (text
 * read-only, data writable, the BSS zero), the stack below {@link #STACK_TOP} with the initial
 * stack at its top, and the heap, zero pages from the end of the segments up. Everything else is
 * no memory of the program: a fault there ends it.
 */
final class ProgramImage {
    static final long PAGE = 4096;
    /** The top of the stack (exclusive): 2 GiB, so addresses fit -msym32 code's 32-bit pointers. */
    static final long STACK_TOP = 0x8000_0000L;
    static final long STACK_SIZE = 1L << 20;

    /** One page: writable or not, and its first contents (null: zeros). */
    record Page(boolean writable, byte[] contents) {}

    private final ElfFile elf;
    private final InitialStack stack;
    private final long heapStart;
    private final long heapEnd;

    ProgramImage(ElfFile elf, InitialStack stack, long heapBytes) {
        this.elf = elf;
        this.stack = stack;
        this.heapStart = elf.end();
        this.heapEnd = Math.min(STACK_TOP - STACK_SIZE, heapStart + heapBytes);
    }

    /** The page at {@code address}, or null if it belongs to no region of the program. */
    Page page(long address) {
        long page = address & ~(PAGE - 1);
        ElfSegment s = elf.segmentAt(page);
        if (s != null) return new Page(s.writable(), elf.page(page));
        if (page >= STACK_TOP - STACK_SIZE && page < STACK_TOP) return new Page(true, stackPage(page));
        if (page >= heapStart && page < heapEnd) return new Page(true, null);
        return null;
    }

    private byte[] stackPage(long page) {
        long sp = stack.stackPointer();
        if (page + PAGE <= sp) return null;
        byte[] bytes = stack.bytes();
        byte[] p = new byte[(int) PAGE];
        long from = Math.max(page, sp);
        long to = Math.min(page + PAGE, stack.top());
        System.arraycopy(bytes, (int) (from - sp), p, (int) (from - page), (int) (to - from));
        return p;
    }

    long entry() {
        return elf.entry();
    }

    long stackPointer() {
        return stack.stackPointer();
    }

    long heapStart() {
        return heapStart;
    }

    long heapEnd() {
        return heapEnd;
    }
}
