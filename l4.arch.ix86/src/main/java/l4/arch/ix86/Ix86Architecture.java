package l4.arch.ix86;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import l4.spi.Architecture;
import l4.spi.CostModel;
import l4.spi.CycleSink;
import l4.spi.DeviceAccess;
import l4.spi.ExceptionModel;
import l4.spi.InterruptController;
import l4.spi.Mmu;
import l4.spi.SyscallAbi;

/**
 * L4 Version 2 on ix86: a Pentium (P54C) at 133 MHz with the PC/AT's 8259 PICs and 8254 PIT.
 * 32-bit words, 2 message registers (EDX, EBX), 4 KiB and 4 MiB (PSE) pages, a 32-bit user
 * address space, I/O ports for devices.
 *
 * <p>Stateless apart from the description of the last machine created: every machine gets its own
 * MMU, interrupt controller and cost model.
 */
@Component(service = Architecture.class, property = Architecture.NAME + "=" + Ix86Architecture.NAME_VALUE)
public final class Ix86Architecture implements Architecture {
    public static final String NAME_VALUE = "ix86";

    /** PIT programmed for a 1 ms tick (L4/x86 and L4/MIPS both use 1 ms). */
    static final long TIMER_TICK_MICROS = 1000;

    private final SyscallAbi abi = new Ix86SyscallAbi();
    private final ExceptionModel exceptions = new Ix86ExceptionModel();

    /** The MMU options of the most recently created machine, for {@link #parameters()}. */
    private volatile MmuConfig lastMmuConfig = new MmuConfig(Map.of());

    @Override
    public String name() {
        return NAME_VALUE;
    }

    @Override
    public int wordBits() {
        return 32;
    }

    @Override
    public int messageRegisters() {
        return Ix86SyscallAbi.MESSAGE_REGISTERS;
    }

    @Override
    public int userAddressBits() {
        return 32;
    }

    @Override
    public int wholeSpaceSizeLog2() {
        return 32;
    }

    @Override
    public int[] pageSizesLog2() {
        return new int[] {PageDirectory.SMALL_PAGE, PageDirectory.LARGE_PAGE};
    }

    @Override
    public long clockHz() {
        return PentiumCostModel.CLOCK_HZ;
    }

    @Override
    public long timerTickMicros() {
        return TIMER_TICK_MICROS;
    }

    @Override
    public SyscallAbi abi() {
        return abi;
    }

    @Override
    public Mmu createMmu(CycleSink clock, Map<String, Object> options) {
        MmuConfig config = new MmuConfig(options);
        Mmu mmu = new Ix86Mmu(clock, config, new PentiumCostModel(options));
        lastMmuConfig = config;
        return mmu;
    }

    @Override
    public CostModel costModel(Map<String, Object> options) {
        return new PentiumCostModel(options);
    }

    @Override
    public InterruptController createInterruptController() {
        return new CascadedPic();
    }

    @Override
    public ExceptionModel exceptionModel() {
        return exceptions;
    }

    /** L4/x86 V2: every thread has an internal (ex_regs) and an external (thread_schedule) preempter. */
    @Override
    public boolean preempters() {
        return true;
    }

    @Override
    public DeviceAccess deviceAccess() {
        return DeviceAccess.IO_PORTS;
    }

    /** I/O port space starts at port 0. */
    @Override
    public long deviceBase() {
        return 0;
    }

    /** 65536 I/O ports. */
    @Override
    public long deviceSize() {
        return 65536;
    }

    /** The main parameters; MMU options (TLB, small spaces) are those of the most recently created machine. */
    @Override
    public Map<String, String> parameters() {
        MmuConfig mmu = lastMmuConfig;
        Map<String, String> p = new LinkedHashMap<>();
        p.put("name", NAME_VALUE);
        p.put("cpu", "Intel Pentium (P54C)");
        p.put("clock", (PentiumCostModel.CLOCK_HZ / 1_000_000) + " MHz");
        p.put("word-bits", "32");
        p.put("message-registers", Ix86SyscallAbi.MESSAGE_REGISTERS + " (EDX w0, EBX w1)");
        p.put("user-address-bits", "32");
        p.put("page-sizes", "4 KiB, 4 MiB (PSE)");
        p.put("page-tables", "two-level: page directory 1024 x page table 1024 or 4 MiB entry, hardware walk");
        p.put("tlb", mmu.describeTlb());
        p.put("small-spaces", mmu.describeSmallSpaces());
        p.put("timer", "8254 PIT on IRQ0, " + TIMER_TICK_MICROS + " us tick");
        p.put("interrupts", "2 x 8259 PIC cascaded, 16 IRQs (IRQ0 timer, IRQ2 cascade)");
        p.put("devices", "I/O ports 0..65535");
        p.put("exceptions", "reflected through the thread's emulated IDT (EFLAGS, CS, EIP[, error])");
        p.put("traps", "int 0x30 ipc, 0x31 id_nearest, 0x32 fpage_unmap, 0x33 thread_switch, "
                + "0x34 thread_schedule, 0x35 lthread_ex_regs, 0x36 task_new");
        return Collections.unmodifiableMap(p);
    }
}
