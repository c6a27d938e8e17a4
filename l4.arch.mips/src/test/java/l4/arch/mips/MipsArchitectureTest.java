package l4.arch.mips;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;

import org.junit.jupiter.api.Test;

import l4.spi.Architecture;
import l4.spi.DeviceAccess;
import l4.spi.ExceptionModel;

class MipsArchitectureTest {
    private final Architecture arch = new MipsArchitecture();

    @Test
    void mainParameters() {
        assertEquals("mips", arch.name());
        assertEquals(64, arch.wordBits());
        assertEquals(8, arch.messageRegisters());
        assertEquals(40, arch.userAddressBits());
        assertEquals(64, arch.wholeSpaceSizeLog2());
        assertArrayEquals(new int[] {12, 14, 16, 18, 20, 22, 24}, arch.pageSizesLog2());
        assertEquals(100_000_000L, arch.clockHz());
        assertEquals(1000, arch.timerTickMicros());
        assertEquals(DeviceAccess.MEMORY_MAPPED, arch.deviceAccess());
        assertEquals(0x1000_0000L, arch.deviceBase());
        assertEquals(0x1000_0000L, arch.deviceSize());
        assertEquals(0x1800_0000L, arch.portWindowBase(), "Malta: ISA ports in the GT-64120's PCI I/O window");
    }

    @Test
    void pageMasksOfTheR4x00() {
        assertEquals(0x0L, R4x00.pageMask(12));
        assertEquals(0x6000L, R4x00.pageMask(14));
        assertEquals(0x1E000L, R4x00.pageMask(16));
        assertEquals(0x1FFE000L, R4x00.pageMask(24));
    }

    @Test
    void pageSizesAreACopy() {
        arch.pageSizesLog2()[0] = 99;
        assertEquals(12, arch.pageSizesLog2()[0]);
    }

    @Test
    void parametersNameTheMachine() {
        Map<String, String> p = arch.parameters();
        assertEquals("mips", p.get("name"));
        assertEquals("64", p.get("word-bits"));
        assertTrue(p.get("message-registers").startsWith("8"));
        assertEquals("4 KiB, 16 KiB, 64 KiB, 256 KiB, 1 MiB, 4 MiB, 16 MiB", p.get("page-sizes"));
        assertEquals("100 MHz", p.get("clock"));
        assertTrue(p.get("tlb").startsWith("48 entries"));
        assertTrue(p.get("asid-bits").startsWith("8"));
        assertTrue(p.get("timer").contains("50000"), p.get("timer")); // Count runs at half of 100 MHz
    }

    @Test
    void eachMachineGetsItsOwnObjects() {
        assertNotSame(arch.createMmu(c -> { }, Map.of()), arch.createMmu(c -> { }, Map.of()));
        assertNotSame(arch.createInterruptController(), arch.createInterruptController());
        assertNotSame(arch.costModel(Map.of()), arch.costModel(Map.of()));
    }

    @Test
    void exceptionsGoToTheExcepter() {
        ExceptionModel ex = arch.exceptionModel();
        assertEquals(ExceptionModel.Delivery.EXCEPTER_IPC, ex.delivery());
        assertEquals(4, ex.codeForAddressError(false)); // AdEL
        assertEquals(5, ex.codeForAddressError(true));  // AdES
        assertEquals(10, ex.codeForProgramException()); // RI
        assertEquals(4, ex.codeForUnalignedAccess(false)); // AdEL
        assertEquals(5, ex.codeForUnalignedAccess(true));  // AdES
        assertEquals(9, ex.codeForBreakpoint());           // Bp
        assertEquals(11, ex.codeForCoprocessorUnusable(1)); // CpU
        assertEquals(0xFFFF_FFFF_B000_002CL, ex.frame(11, 0x400000, 0, ex.coprocessorFlags(3) | 1L << 31)[0],
                "BD | CE 3 | ExcCode 11, sign-extended");

        assertArrayEquals(new long[] {4 << 2, 0x400120, 0x10000000000L},
                ex.frame(4, 0x400120, 0x10000000000L, 0));
        // other Cause bits come from flags; the ExcCode field always from the code
        long[] f = ex.frame(10, 0x400000, 0, (1L << 31) | (1L << 15) | (0x1F << 2));
        assertEquals(0xFFFF_FFFF_8000_8028L, f[0]); // BD | IP7 | ExcCode 10, sign-extended like mfc0
        assertEquals(0x400000, f[1]);
        assertEquals(3, f.length);
    }
}
