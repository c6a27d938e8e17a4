package l4.arch.ix86;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import l4.spi.Architecture;
import l4.spi.DeviceAccess;
import l4.spi.ExceptionModel;

class Ix86ArchitectureTest {
    private final Architecture arch = new Ix86Architecture();

    @Test
    void basicParameters() {
        assertEquals("ix86", arch.name());
        assertEquals(32, arch.wordBits());
        assertEquals(2, arch.messageRegisters());
        assertEquals(32, arch.userAddressBits());
        assertEquals(32, arch.wholeSpaceSizeLog2());
        assertArrayEquals(new int[] {12, 22}, arch.pageSizesLog2());
        assertEquals(133_000_000L, arch.clockHz());
        assertEquals(1000, arch.timerTickMicros());
        assertEquals(DeviceAccess.IO_PORTS, arch.deviceAccess());
        assertEquals(0, arch.deviceBase());
        assertEquals(65536, arch.deviceSize());
    }

    @Test
    void registeredUnderItsName() {
        // The annotation is CLASS-retained; check the constant it is built from instead.
        assertEquals("l4.arch=ix86", Architecture.NAME + "=" + Ix86Architecture.NAME_VALUE);
        // DS instantiates the component through its public no-argument constructor.
        assertDoesNotThrow(() -> Ix86Architecture.class.getConstructor().newInstance());
    }

    @Test
    void parametersDescribeTheMachine() {
        Map<String, String> p = arch.parameters();
        assertEquals("ix86", p.get("name"));
        assertEquals("32", p.get("word-bits"));
        assertTrue(p.get("message-registers").startsWith("2"));
        assertTrue(p.get("page-sizes").contains("4 KiB") && p.get("page-sizes").contains("4 MiB"));
        assertEquals("133 MHz", p.get("clock"));
        assertTrue(p.get("tlb").startsWith("64 x 4K + 8 x 4M"), p.get("tlb"));
        assertEquals("off", p.get("small-spaces"));
        arch.createMmu(c -> { }, Map.of("smallSpaces", true, "smallSpaceSizeMiB", "32"));
        assertTrue(arch.parameters().get("small-spaces").startsWith("on, 32 MiB slots, 16 slots"),
                arch.parameters().get("small-spaces"));
    }

    @Test
    void everyMachineGetsFreshObjects() {
        assertNotSame(arch.createMmu(c -> { }, Map.of()), arch.createMmu(c -> { }, Map.of()));
        assertNotSame(arch.createInterruptController(), arch.createInterruptController());
        assertNotSame(arch.costModel(Map.of()), arch.costModel(Map.of()));
    }

    @Test
    void exceptionsAreReflectedWithTheCpuFrame() {
        ExceptionModel e = arch.exceptionModel();
        assertEquals(ExceptionModel.Delivery.REFLECT_TO_VECTOR, e.delivery());
        assertEquals(6, e.codeForProgramException());
        assertEquals(13, e.codeForAddressError(true));
        assertEquals(13, e.codeForAddressError(false));
        assertArrayEquals(new long[] {0x202, 0x1B, 0x0804_8000L}, e.frame(6, 0x0804_8000L, 0, 0x202));
        assertArrayEquals(new long[] {0x202, 0x1B, 0x1234L, 0}, e.frame(13, 0x1_0000_1234L, 0, 0x202));
        assertArrayEquals(new long[] {0x246, 0x1B, 0x10L, 4}, e.frame(14, 0x10, 0xDEAD_0000L, 0x246));
        for (int v = 0; v < 32; v++) {
            boolean error = v == 8 || v == 10 || v == 11 || v == 12 || v == 13 || v == 14 || v == 17;
            assertEquals(error ? 4 : 3, e.frame(v, 0, 0, 0).length, "vector " + v);
        }
    }
}
