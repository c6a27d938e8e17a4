package l4.loader.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.Test;

import l4.loader.elf.ElfFile;
import l4.loader.elf.ElfSegment;

/** The pages a loaded program starts with. */
class ProgramImageTest {
    @Test
    void segmentsStackAndHeap() throws IOException {
        byte[] file = Programs.binary("hello");
        ProgramImage image = Exec.prepare("hello", file, List.of("a", "b")).image();
        ElfFile elf = ElfFile.parse(file, ElfFile.EM_MIPS, 1L << 31, 16 << 20);
        ElfSegment text = elf.segments().stream().filter(ElfSegment::executable).findFirst().orElseThrow();
        ProgramImage.Page t = image.page(text.virtualAddress());
        assertFalse(t.writable(), "text is read-only");
        assertArrayEquals(elf.page(text.virtualAddress() & ~0xFFFL), t.contents());

        long sp = image.stackPointer();
        assertEquals(0, sp & 15);
        ProgramImage.Page top = image.page(sp);
        assertTrue(top.writable());
        ByteBuffer b = ByteBuffer.wrap(top.contents()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(3, b.getLong((int) (sp & 0xFFF)), "argc: hello a b");
        assertNull(image.page(ProgramImage.STACK_TOP - ProgramImage.STACK_SIZE - 4096), "nothing right below the stack");
        assertTrue(image.page(ProgramImage.STACK_TOP - ProgramImage.STACK_SIZE).writable(), "the stack's lowest page");
        assertNull(image.page(ProgramImage.STACK_TOP - ProgramImage.STACK_SIZE).contents(), "starts as zeros");

        ProgramImage.Page heap = image.page(elf.end());
        assertTrue(heap.writable());
        assertNull(heap.contents(), "heap pages start as zeros");
        assertNull(image.page(0), "page 0 is no memory of the program");
        assertNull(image.page(ProgramImage.STACK_TOP), "nothing above the stack");
        assertNull(image.page(elf.end() + Exec.HEAP), "the heap ends");
    }
}
