package l4.loader.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import l4.loader.elf.ElfFile;
import l4.run.ProgramRunner;

/** l4:exec's answers to bad input, all before a machine is asked: one line, never a stack trace. */
class ExecInputTest {
    @TempDir
    Path dir;

    /** A runner that must not be reached. */
    static final ProgramRunner NO_RUNNER = (label, body, priority) -> {
        throw new AssertionError("launched " + label);
    };

    private String error(String... command) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExecCommand(NO_RUNNER, new FrameLedger()).exec(false, command));
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void missingFileAndUnknownName() {
        assertEquals("exec: no such file: /nonexistent/prog", error("/nonexistent/prog"));
        assertEquals("exec: no such program or file: nosuch (l4:exec --list lists the programs)", error("nosuch"));
        assertEquals("exec: usage: l4:exec FILE|NAME [ARGS...] | l4:exec --list", error());
    }

    @Test
    void notElfDirectoryAndTooLarge() throws IOException {
        Path script = Files.writeString(dir.resolve("script.sh"), "#!/bin/sh\necho hi\n");
        assertEquals("exec: " + script + ": not an ELF file", error(script.toString()));
        assertEquals("exec: " + dir + " is a directory", error(dir.toString()));
        Path big = dir.resolve("big.elf");
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[1]), Exec.MAX_FILE + 1);
        }
        assertTrue(error(big.toString()).startsWith("exec: " + big + " is too large: "));
    }

    @Test
    void wrongMachinesAndIx86() throws IOException {
        byte[] x86 = Files.readAllBytes(Path.of("/bin/true"));
        Path host = dir.resolve("true.elf");
        Files.write(host, x86);
        String m = error(host.toString());
        assertTrue(m.startsWith("exec: " + host + ": an executable for ") && m.endsWith(", not for MIPS (EM_MIPS)"), m);
        byte[] i386 = new byte[64];
        ByteBuffer b = ByteBuffer.wrap(i386).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x464C457F).put(4, (byte) 1).put(5, (byte) 1).putShort(16, (short) 2).putShort(18, (short) ElfFile.EM_386);
        Path ix86 = Files.write(dir.resolve("ix86.elf"), i386);
        assertEquals("exec: " + ix86 + ": an executable for ix86 (EM_386), not for MIPS (EM_MIPS)", error(ix86.toString()));
    }

    @Test
    void listNamesEveryShippedProgram() {
        String list = new ExecCommand(NO_RUNNER, new FrameLedger()).exec(true);
        for (Programs.Entry e : Programs.ALL) assertTrue(list.contains(e.name() + " "), e.name());
        assertEquals("exec: --list takes no program", assertThrows(IllegalArgumentException.class,
                () -> new ExecCommand(NO_RUNNER, new FrameLedger()).exec(true, "sieve")).getMessage());
    }

    @Test
    void argumentsTooLong() {
        String huge = "x".repeat(70_000);
        assertTrue(error("hello", huge).startsWith("exec: hello: arguments and environment exceed"));
    }

    @Test
    void programsAreShippedAndMarked() throws IOException {
        for (Programs.Entry e : Programs.ALL) {
            byte[] b = Programs.binary(e.name());
            assertTrue(b != null, e.name() + " is shipped");
            ElfFile elf = ElfFile.parse(b, ElfFile.EM_MIPS, 1L << 31, 16 << 20);
            boolean native_ = e.description().startsWith("L4-native");
            assertEquals(native_, elf.osAbi() == ElfFile.ELFOSABI_STANDALONE, e.name() + ": OS/ABI mark");
        }
        assertEquals(null, Programs.binary("../../../etc"));
        List.of("sieve", "hello").forEach(n -> assertTrue(Programs.find(n) != null));
    }
}
