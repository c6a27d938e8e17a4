package l4.spi;

/**
 * The kernel operations a {@link CostModel} prices. The kernel charges these as it executes; the
 * MMU models charge TLB refills and flushes themselves.
 */
public enum Cost {
    /** Trap into the kernel and return to user mode. */
    KERNEL_ENTRY_EXIT,
    /** Decoding a system call and checking its arguments. */
    SYSCALL_DISPATCH,
    /** The IPC path up to the rendezvous: descriptor checks, partner lookup, clan check. */
    IPC_PATH,
    /** Copying one register word to the partner. */
    IPC_REGISTER_WORD,
    /** Setting up a long (memory) message transfer. */
    IPC_LONG_SETUP,
    /** Copying one machine word of a long message or string between address spaces. */
    IPC_COPY_WORD,
    /** Switching the CPU from one thread to another (stack and register state). */
    THREAD_SWITCH,
    /** Switching address spaces (ix86: CR3 load and the implied TLB flush; MIPS: ASID change). */
    ADDRESS_SPACE_SWITCH,
    /** Switching into a small address space on ix86 (segment reload, no flush). */
    SMALL_SPACE_SWITCH,
    /** Taking a page fault and building the fault IPC. */
    PAGE_FAULT,
    /** Installing one page in a page table and the mapping database. */
    MAP_PER_PAGE,
    /** Removing or downgrading one page, including the mapping database walk and TLB shootdown. */
    UNMAP_PER_PAGE,
    /** Fixed part of fpage_unmap. */
    UNMAP_BASE,
    ID_NEAREST,
    LTHREAD_EX_REGS,
    THREAD_SCHEDULE,
    TASK_NEW,
    /** Killing one task (its threads, address space and mappings). */
    TASK_DELETE,
    /** Interrupt entry and conversion into an IPC. */
    INTERRUPT,
    /** The timer tick handler: wakeups and time-slice accounting. */
    TIMER_TICK,
    /** One user-level memory access that hits the TLB. */
    USER_MEMORY_ACCESS,
    /** One register access of a device (an ISA bus cycle: ix86 in/out, MIPS uncached load/store to the ISA window). */
    DEVICE_ACCESS,
    /** One TLB refill (hardware walk on ix86, kernel refill handler on MIPS). */
    TLB_REFILL,
    /** Reflecting an exception to user level. */
    EXCEPTION
}
