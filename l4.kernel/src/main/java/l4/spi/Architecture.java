package l4.spi;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Everything the generic kernel must not know about the machine: the glue of one architecture.
 * Each {@code l4.arch.*} bundle registers one as a DS service with property {@link #NAME}.
 */
@ProviderType
public interface Architecture {
    /** Service property with the architecture's name. */
    String NAME = "l4.arch";

    String name();

    int wordBits();

    /** Message words carried in registers. */
    int messageRegisters();

    /** Bits of the user virtual address space (ix86 32, MIPS R4x00 40). */
    int userAddressBits();

    /** The size exponent of an fpage covering the whole space (ix86 32, MIPS 64). */
    int wholeSpaceSizeLog2();

    /** Hardware page sizes as log2, ascending (4 KiB first). */
    int[] pageSizesLog2();

    long clockHz();

    long timerTickMicros();

    SyscallAbi abi();

    Mmu createMmu(CycleSink clock, Map<String, Object> options);

    CostModel costModel(Map<String, Object> options);

    InterruptController createInterruptController();

    ExceptionModel exceptionModel();

    DeviceAccess deviceAccess();

    /** Physical address range where device registers live (MIPS) or I/O port count (ix86), for σ0. */
    long deviceBase();

    long deviceSize();

    /**
     * The physical address at which the ISA I/O port space appears as memory (MIPS Malta:
     * 0x1800_0000, port p at that address + p), or -1 where ports are reached by in and out (ix86).
     * Device models (l4.hardware) are attached there.
     */
    default long portWindowBase() { return -1; }

    /**
     * Whether threads have preempters (ix86: internal and external preempter receive a
     * preemption RPC with SP and IP when the thread is preempted); MIPS has none.
     */
    default boolean preempters() { return false; }

    /**
     * The CPU that runs user machine code (guest threads), a new one for each machine, or null
     * where every user program is a Java body. {@code frames} is the machine's RAM.
     */
    default UserCpu createUserCpu(UserCpu.Frames frames, Map<String, Object> options) { return null; }

    /**
     * Where the machine's code image puts Java bodies: the first of their synthetic entry
     * addresses. On an architecture with a {@link #createUserCpu user CPU} it must lie where no
     * user-mode instruction fetch can reach (MIPS: the kernel segment), so that no guest IP ever
     * lands in a Java body; every other IP is guest code there.
     */
    default long javaCodeBase() { return 0x0010_0000L; }

    /** Main parameters, one per line in {@code l4:arch}. */
    Map<String, String> parameters();
}
