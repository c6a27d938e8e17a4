package l4.spi;

import java.util.List;

/**
 * The seven system calls with their generic parameter lists. An architecture's
 * {@link SyscallAbi} decides which register carries which parameter; the kernel only ever sees
 * these lists. IPC lists end with the message words W0..W(n-1), n = message registers.
 */
public enum Syscall {
    IPC(List.of("snd_desc", "rcv_desc", "timeout", "dest", "rcv_from", "virtual_sender"),
            List.of("dope", "source", "intended_dest")),
    FPAGE_UNMAP(List.of("fpage", "mask"), List.of()),
    ID_NEAREST(List.of("dest"), List.of("type", "nearest")),
    THREAD_SWITCH(List.of("dest"), List.of()),
    THREAD_SCHEDULE(List.of("dest", "param", "ext_preempter"),
            List.of("old_param", "old_preempter", "partner", "cpu_time", "wakeup")),
    LTHREAD_EX_REGS(List.of("lthread", "ip", "sp", "pager", "excepter"),
            List.of("old_ip", "old_sp", "old_pager", "old_excepter", "old_flags")),
    TASK_NEW(List.of("dest", "mcp_or_chief", "sp", "ip", "pager", "excepter"), List.of("new_task"));

    private final List<String> in;
    private final List<String> out;

    Syscall(List<String> in, List<String> out) {
        this.in = in;
        this.out = out;
    }

    /** Fixed parameter names (IPC adds the message words after them). */
    public List<String> in() { return in; }

    public List<String> out() { return out; }

    public int inCount(int messageRegisters) { return in.size() + (this == IPC ? messageRegisters : 0); }

    public int outCount(int messageRegisters) { return out.size() + (this == IPC ? messageRegisters : 0); }

    // Indices into the IPC lists, for readability at the call sites.
    public static final int IPC_SND = 0, IPC_RCV = 1, IPC_TIMEOUT = 2, IPC_DEST = 3, IPC_RCV_FROM = 4,
            IPC_VSENDER = 5, IPC_WORDS_IN = 6;
    public static final int IPC_DOPE = 0, IPC_SOURCE = 1, IPC_INTENDED = 2, IPC_WORDS_OUT = 3;
}
