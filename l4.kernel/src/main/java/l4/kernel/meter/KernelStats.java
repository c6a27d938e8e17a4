package l4.kernel.meter;

/** Counters since boot, for {@code l4:stats}. */
public final class KernelStats {
    public long syscalls;
    public long ipcs;
    public long pageFaults;
    public long threadSwitches;
    public long spaceSwitches;
    public long interrupts;
    public long timeouts;
    public long exceptions;
    public long ticks;
    /** Exceptions thrown by the kernel itself inside a system call: each one is a kernel bug. */
    public long kernelErrors;
    /** Instructions executed by guest threads (the user CPU). */
    public long guestInstructions;
}
