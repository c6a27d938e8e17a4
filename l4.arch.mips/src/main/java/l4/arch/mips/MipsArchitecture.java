package l4.arch.mips;

import java.util.Arrays;
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
import l4.spi.UserCpu;

/**
 * L4/MIPS on an R4600 (UNSW U4600 board, 100 MHz): 64-bit words and kernel interface, eight
 * 64-bit message registers (s0–s7), a 2^40-byte user space, page sizes 4 KiB to 16 MiB, a 48-entry
 * ASID-tagged TLB refilled by the kernel, CPU interrupt lines IP0–IP7 with the Count/Compare timer
 * on IP7, exceptions reflected to an excepter thread, and the devices of a MIPS Malta board: ISA
 * ports in an uncached window at 0x1800_0000 and the PIIX4's 8259 pair cascaded onto IP2.
 *
 * The service itself is stateless: every machine gets its own MMU, interrupt controller and cost
 * model; the ABI and exception model are immutable and shared.
 */
@Component(service = Architecture.class, property = Architecture.NAME + "=" + MipsArchitecture.NAME_VALUE)
public final class MipsArchitecture implements Architecture {
    static final String NAME_VALUE = "mips";

    private final SyscallAbi abi = new MipsSyscallAbi();
    private final ExceptionModel exceptions = new MipsExceptionModel();

    @Override
    public String name() { return NAME_VALUE; }

    @Override
    public int wordBits() { return 64; }

    @Override
    public int messageRegisters() { return MipsSyscallAbi.MESSAGE_REGISTERS; }

    @Override
    public int userAddressBits() { return R4x00.USER_ADDRESS_BITS; }

    @Override
    public int wholeSpaceSizeLog2() { return 64; }

    @Override
    public int[] pageSizesLog2() { return R4x00.pageSizesLog2(); }

    @Override
    public long clockHz() { return R4x00.CLOCK_HZ; }

    @Override
    public long timerTickMicros() { return R4x00.TIMER_TICK_MICROS; }

    @Override
    public SyscallAbi abi() { return abi; }

    @Override
    public Mmu createMmu(CycleSink clock, Map<String, Object> options) {
        return new MipsMmu(clock, new MipsCostModel(options), options);
    }

    @Override
    public CostModel costModel(Map<String, Object> options) {
        return new MipsCostModel(options);
    }

    @Override
    public InterruptController createInterruptController() {
        return new MipsInterruptController();
    }

    @Override
    public ExceptionModel exceptionModel() { return exceptions; }

    @Override
    public UserCpu createUserCpu(UserCpu.Frames frames, Map<String, Object> options) {
        return new MipsUserCpu(frames, options);
    }

    /**
     * Java bodies sit in the kernel segment (kseg2, 0xFFFF_FFFF_C000_0000 up), which a user-mode
     * fetch can never reach (address error), so no guest IP lands in one.
     */
    @Override
    public long javaCodeBase() { return JAVA_CODE_BASE; }

    static final long JAVA_CODE_BASE = 0xFFFF_FFFF_C000_0000L;

    @Override
    public DeviceAccess deviceAccess() { return DeviceAccess.MEMORY_MAPPED; }

    @Override
    public long deviceBase() { return R4x00.DEVICE_BASE; }

    @Override
    public long deviceSize() { return R4x00.DEVICE_SIZE; }

    @Override
    public long portWindowBase() { return R4x00.ISA_PORT_WINDOW; }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("name", NAME_VALUE);
        p.put("cpu", "MIPS R4600 (UNSW U4600 board of the L4/MIPS test logs)");
        p.put("clock", R4x00.CLOCK_HZ / 1_000_000 + " MHz");
        p.put("word-bits", "64");
        p.put("message-registers", MipsSyscallAbi.MESSAGE_REGISTERS + " x 64 bit (s0-s7)");
        p.put("user-address-bits", String.valueOf(R4x00.USER_ADDRESS_BITS));
        p.put("page-sizes", pageSizeList());
        p.put("tlb", R4x00.TLB_ENTRIES + " entries, even/odd page pairs, software refill from the kernel page table");
        p.put("asid-bits", R4x00.ASID_BITS + " (ASIDs 1-" + ((1 << R4x00.ASID_BITS) - 1) + ", recycled with a TLB flush)");
        p.put("timer", "count/compare on IP7, tick " + R4x00.TIMER_TICK_MICROS + " us (Compare step "
                + R4x00.COUNT_PER_TICK + ")");
        p.put("interrupts", "ISA IRQ0-15 = lines 0-15 (PIIX4 8259 pair on IP2), IP0-IP7 = lines 16-23, IP7 first; "
                + "IP7 (line 23) kernel timer");
        p.put("devices", String.format("memory-mapped, physical 0x%x-0x%x (uncached via sigma0); ISA port p at 0x%x + p",
                R4x00.DEVICE_BASE, R4x00.DEVICE_BASE + R4x00.DEVICE_SIZE - 1, R4x00.ISA_PORT_WINDOW));
        p.put("exceptions", "IPC to the excepter: w0 Cause, w1 EPC, w2 BadVAddr; guest threads also w3 72 and the 72-word register frame");
        p.put("guest-code", String.format("MIPS64r2 user mode on the guest CPU at every IP that is no Java body's entry (Java bodies from 0x%x, kseg2)", JAVA_CODE_BASE));
        return Collections.unmodifiableMap(p);
    }

    private static String pageSizeList() {
        StringBuilder b = new StringBuilder();
        for (int s : R4x00.pageSizesLog2()) {
            if (b.length() > 0) b.append(", ");
            b.append(s >= 20 ? (1 << (s - 20)) + " MiB" : (1 << (s - 10)) + " KiB");
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return "mips" + Arrays.toString(pageSizesLog2());
    }
}
