package l4.loader.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

class ElfFileTest {
    static final long LIMIT = 1L << 40;

    /** A minimal static MIPS ELF64: one RX segment at 0x400000 (file bytes 0..0x200) with 0x1000 more of BSS, entry 0x400100. */
    static byte[] image(int type, int machine, int phType) {
        ByteBuffer b = ByteBuffer.allocate(0x200).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x464C457F).put(4, (byte) 2).put(5, (byte) 1).put(6, (byte) 1);
        b.putShort(16, (short) type).putShort(18, (short) machine).putInt(20, 1);
        b.putLong(24, 0x400100).putLong(32, 64).putShort(52, (short) 64).putShort(54, (short) 56).putShort(56, (short) 1);
        b.putInt(64, phType).putInt(68, 5).putLong(72, 0).putLong(80, 0x400000).putLong(96, 0x200).putLong(104, 0x1200);
        for (int i = 0x100; i < 0x200; i++) b.put(i, (byte) i);
        return b.array();
    }

    static ElfFile minimal() {
        return ElfFile.parse(image(ElfFile.ET_EXEC, ElfFile.EM_MIPS, ElfFile.PT_LOAD), ElfFile.EM_MIPS, LIMIT, 1 << 20);
    }

    private static String error(byte[] f) {
        return assertThrows(ElfFormatException.class, () -> ElfFile.parse(f, ElfFile.EM_MIPS, LIMIT, 1 << 20)).getMessage();
    }

    @Test
    void parsesSegmentsEntryAndProgramHeaders() {
        ElfFile e = minimal();
        assertEquals(0x400100, e.entry());
        assertEquals(1, e.segments().size());
        ElfSegment s = e.segments().get(0);
        assertEquals(0x400000, s.virtualAddress());
        assertEquals(0x200, s.fileSize());
        assertEquals(0x1200, s.memorySize());
        assertTrue(s.executable() && s.readable() && !s.writable());
        assertEquals(0x400040, e.programHeaderAddress(), "AT_PHDR: the headers lie in the first segment");
        assertEquals(0x402000, e.end());
    }

    @Test
    void pagesHoldTheFileBytesThenZeros() {
        ElfFile e = minimal();
        byte[] p0 = e.page(0x400000);
        assertEquals((byte) 0x7F, p0[0]);
        assertEquals((byte) 0xFF, p0[0x1FF]);
        assertEquals(0, p0[0x200], "BSS after the file bytes");
        assertArrayEquals(new byte[4096], e.page(0x401000), "a page of BSS only");
        assertNull(e.page(0x402000));
        assertNull(e.page(0x3FF000));
    }

    @Test
    void badFilesGetOneLineReasons() {
        assertEquals("not an ELF file", error("#!/bin/sh\necho hi\n".getBytes()));
        assertEquals("not an ELF file", error(new byte[0]));
        assertEquals("an executable for ix86 (EM_386), not for MIPS (EM_MIPS)", error(image(ElfFile.ET_EXEC, ElfFile.EM_386, 1)));
        assertEquals("an executable for x86-64 (EM_X86_64), not for MIPS (EM_MIPS)", error(image(ElfFile.ET_EXEC, 62, 1)));
        assertTrue(error(image(ElfFile.ET_DYN, ElfFile.EM_MIPS, 1)).contains("position-independent"));
        assertTrue(error(image(1, ElfFile.EM_MIPS, 1)).startsWith("not an executable"));
        assertTrue(error(image(ElfFile.ET_EXEC, ElfFile.EM_MIPS, ElfFile.PT_INTERP)).contains("dynamically linked"));
        assertEquals("no loadable segment", error(image(ElfFile.ET_EXEC, ElfFile.EM_MIPS, 4)));
        byte[] truncated = java.util.Arrays.copyOf(image(ElfFile.ET_EXEC, ElfFile.EM_MIPS, 1), 40);
        assertTrue(error(truncated).startsWith("truncated"));
        byte[] big = image(ElfFile.ET_EXEC, ElfFile.EM_MIPS, 1);
        assertTrue(assertThrows(ElfFormatException.class, () -> ElfFile.parse(big, ElfFile.EM_MIPS, LIMIT, 4096)).getMessage()
                .startsWith("too large"));
        byte[] high = image(ElfFile.ET_EXEC, ElfFile.EM_MIPS, 1);
        ByteBuffer.wrap(high).order(ByteOrder.LITTLE_ENDIAN).putLong(80, LIMIT - 0x1000).putLong(24, LIMIT - 0x1000);
        assertTrue(error(high).contains("outside the user address space"));
        byte[] noEntry = image(ElfFile.ET_EXEC, ElfFile.EM_MIPS, 1);
        ByteBuffer.wrap(noEntry).order(ByteOrder.LITTLE_ENDIAN).putLong(24, 0x900000);
        assertTrue(error(noEntry).contains("entry point"));
    }

    @Test
    void realProgram() throws IOException {
        ElfFile e = ElfFile.parse(InitialStackTest.resource("stackdump.elf"), ElfFile.EM_MIPS, LIMIT, 1 << 20);
        assertTrue(e.segments().stream().anyMatch(ElfSegment::executable));
        assertEquals(0x400040, e.programHeaderAddress());
    }
}
