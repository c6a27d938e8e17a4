package l4.loader.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The n64 initial stack against qemu-mips64el's: {@code stackdump.elf} dumped its stack under qemu
 * ({@code src/test/guest/stackdump/generate.sh}); the same ELF, arguments, environment and top
 * must give the same bytes. The values qemu takes from the host (ids, AT_RANDOM's bytes) are
 * read from the dump.
 */
class InitialStackTest {
    static byte[] resource(String name) throws IOException {
        try (InputStream in = InitialStackTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("missing test resource " + name);
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sameBytesAsQemu() throws IOException {
        Map<Long, Long> dump = new LinkedHashMap<>();
        for (String line : new String(resource("stackdump.qemu.txt"), StandardCharsets.US_ASCII).split("\n")) {
            String[] f = line.trim().split(" ");
            dump.put(Long.parseUnsignedLong(f[0], 16), Long.parseUnsignedLong(f[1], 16));
        }
        List<Long> addresses = new ArrayList<>(dump.keySet());
        long sp = addresses.get(0);
        long top = addresses.get(addresses.size() - 1) + 8;
        ByteBuffer qemu = ByteBuffer.allocate((int) (top - sp)).order(ByteOrder.LITTLE_ENDIAN);
        dump.values().forEach(qemu::putLong);

        Map<Long, Long> auxv = new LinkedHashMap<>();
        int argc = (int) qemu.getLong(0);
        int w = 1 + argc + 1;
        while (qemu.getLong(8 * w) != 0) w++;
        for (w++; ; w += 2) {
            auxv.put(qemu.getLong(8 * w), qemu.getLong(8 * w + 8));
            if (qemu.getLong(8 * w) == InitialStack.AT_NULL) break;
        }
        byte[] random = new byte[16];
        qemu.get((int) (auxv.get((long) InitialStack.AT_RANDOM) - sp), random);

        ElfFile elf = ElfFile.parse(resource("stackdump.elf"), ElfFile.EM_MIPS, 1L << 40, 1 << 20);
        AuxValues aux = new AuxValues(elf.programHeaderAddress(), ElfFile.PHDR_SIZE, elf.programHeaderCount(), elf.entry(),
                auxv.get((long) InitialStack.AT_UID), auxv.get((long) InitialStack.AT_EUID), auxv.get((long) InitialStack.AT_GID),
                auxv.get((long) InitialStack.AT_EGID), auxv.get((long) InitialStack.AT_HWCAP), 100, 0);
        InitialStack stack = InitialStack.layout(top, List.of(bytes("./stackdump.elf"), bytes("one"), bytes("two words"), bytes("")),
                // qemu-user passes its own environment (HOME=/root TERM=dumb) to the guest in reverse order
                List.of(bytes("TERM=dumb"), bytes("HOME=/root")), bytes("./stackdump.elf"), InitialStack.MIPS64R2, null, random,
                aux, 8192);

        assertEquals(sp, stack.stackPointer(), "stack pointer");
        ByteBuffer ours = ByteBuffer.wrap(stack.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(qemu.capacity(), ours.capacity(), "stack size");
        for (int i = 0; i < qemu.capacity(); i += 8) {
            assertEquals(Long.toHexString(qemu.getLong(i)), Long.toHexString(ours.getLong(i)),
                    String.format("word at 0x%x", sp + i));
        }
    }

    @Test
    void platformStringAndNoEnvironment() {
        ElfFile elf = ElfFileTest.minimal();
        InitialStack s = InitialStack.layout(0x8000_0000L, List.of(bytes("x")), List.of(), bytes("x"), InitialStack.MIPS64R2,
                "octeon", new byte[16], AuxValues.of(elf), 4096);
        ByteBuffer b = ByteBuffer.wrap(s.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, s.stackPointer() & 15);
        assertEquals(1, b.getLong(0));
        assertEquals(0, b.getLong(16), "argv ends");
        assertEquals(0, b.getLong(24), "envp is empty");
        // the last pairs: AT_BASE_PLATFORM, AT_PLATFORM, AT_NULL
        int end = 32 + 16 * 16;
        assertEquals(InitialStack.AT_BASE_PLATFORM, b.getLong(end));
        assertEquals(InitialStack.AT_PLATFORM, b.getLong(end + 16));
        long platform = b.getLong(end + 24);
        assertEquals("octeon", new String(s.bytes(), (int) (platform - s.stackPointer()), 6, StandardCharsets.US_ASCII));
        assertEquals(InitialStack.AT_NULL, b.getLong(end + 32));
    }

    @Test
    void tooManyArgumentsAreRefused() {
        byte[] big = new byte[5000];
        assertThrows(IllegalArgumentException.class, () -> InitialStack.layout(0x8000_0000L, List.of(big), List.of(), bytes("x"),
                null, null, new byte[16], AuxValues.of(ElfFileTest.minimal()), 4096));
        assertThrows(IllegalArgumentException.class, () -> InitialStack.layout(0x8000_0000L, List.of(new byte[4000]), List.of(),
                bytes("x"), InitialStack.MIPS64R2, null, new byte[16], AuxValues.of(ElfFileTest.minimal()), 4096));
    }
}
