package l4.arch.mips.cpu;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Debian's static busybox runs {@code echo} to its end on the guest CPU: glibc's start-up (TLS
 * through rdhwr, IRELATIVE relocations, malloc, stdio) and the applet, with the few Linux n64
 * system calls it makes served here as qemu-user serves them ({@code qemu-mips64el -strace
 * busybox echo hi}: brk, set_thread_area, set_tid_address, set_robust_list, rseq, prlimit64,
 * readlink, getrandom, mprotect, prctl, getuid, write, exit_group).
 */
class BusyboxRunTest {
    static final int ENOENT = 2, EINVAL = 22, ENOSYS = 89;

    final GuestTestMachine m = new GuestTestMachine();
    long brk;
    final List<Long> calls = new ArrayList<>();
    /** What read(0) returns: stdin. */
    byte[] stdin = new byte[0];
    int stdinOffset;
    static final int EBADF = 9;

    void poke(long va, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) m.page(va + i, true)[(int) ((va + i) & 0xFFF)] = bytes[i];
    }

    void pokeLong(long va, long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) b[i] = (byte) (v >>> (8 * i));
        poke(va, b);
    }

    /** The initial stack of a Linux n64 process: argc, argv, envp, auxv, then the strings. */
    void stack(byte[] elf, String... argv) {
        ElfImage image = ElfImage.parse(elf);
        long strings = 0x7FFFF000L;
        List<Long> argp = new ArrayList<>();
        for (String a : argv) {
            byte[] s = (a + "\0").getBytes(StandardCharsets.US_ASCII);
            poke(strings, s);
            argp.add(strings);
            strings += s.length;
        }
        long random = (strings + 15) & ~15L;
        poke(random, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        long phdr = image.segments().get(0).virtualAddress() + java.nio.ByteBuffer.wrap(elf)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(32);
        long[] auxv = {3, phdr, 4, 56, 5, java.nio.ByteBuffer.wrap(elf).order(java.nio.ByteOrder.LITTLE_ENDIAN).getShort(56),
            6, 4096, 9, image.entry(), 11, 0, 12, 0, 13, 0, 14, 0, 23, 0, 25, random, 0, 0};
        long sp = 0x7FFFE000L;
        long p = sp;
        pokeLong(p, argv.length);
        p += 8;
        for (long a : argp) { pokeLong(p, a); p += 8; }
        pokeLong(p, 0); p += 8; // argv end
        pokeLong(p, 0); p += 8; // no environment
        for (long v : auxv) { pokeLong(p, v); p += 8; }
        m.state.gpr[29] = sp;
        long end = 0;
        for (ElfImage.Segment s : image.segments()) end = Math.max(end, s.virtualAddress() + s.memorySize());
        brk = (end + 0xFFF) & ~0xFFFL;
    }

    int run() {
        while (true) {
            GuestCpu.Stop stop = m.cpu.run(m.state, m.memory, 50_000_000L, Long.MAX_VALUE);
            m.instructions += m.cpu.lastInstructions();
            assertEquals(GuestCpu.Stop.EXCEPTION, stop, "busybox did not finish");
            GuestException e = m.state.lastException();
            assertEquals(GuestException.SYS, e.code(), () -> "guest exception " + e);
            long[] r = m.state.gpr;
            long nr = r[2];
            calls.add(nr);
            long result;
            switch ((int) nr) {
                case 5001: { // write
                    for (long i = 0; i < r[6]; i++) {
                        l4.spi.Translation t = m.space.probe(r[5] + i, false);
                        m.output.write(m.frames.get(t.physical() >>> 12)[(int) (t.physical() & 0xFFF)]);
                    }
                    result = r[6];
                    break;
                }
                case 5012: // brk
                    if (r[4] > brk) {
                        for (long a = brk; a < r[4]; a += 4096) m.page(a, true);
                        brk = (r[4] + 0xFFF) & ~0xFFFL;
                        result = r[4];
                    } else {
                        result = r[4] == 0 ? brk : r[4];
                    }
                    if (r[4] != 0 && r[4] <= brk) result = r[4];
                    break;
                case 5242: m.state.userLocal = r[4]; result = 0; break; // set_thread_area
                case 5212: result = 1000; break; // set_tid_address: the tid
                case 5268: case 5327: result = -ENOSYS; break; // set_robust_list, rseq
                case 5297: result = -EINVAL; break; // prlimit64: glibc keeps its defaults
                case 5087: result = -ENOENT; break; // readlink("/proc/self/exe")
                case 5313: { // getrandom: deterministic bytes
                    byte[] b = new byte[(int) r[5]];
                    for (int i = 0; i < b.length; i++) b[i] = (byte) (i * 7 + 1);
                    poke(r[4], b);
                    result = r[5];
                    break;
                }
                case 5010: case 5153: case 5100: result = 0; break; // mprotect, prctl, getuid
                case 5070: result = r[4] <= 2 ? (r[4] == 0 ? 0 : 1) : -EBADF; break; // fcntl(F_GETFL): stdio's modes
                case 5326: { // statx(fd, "", AT_EMPTY_PATH, mask, buf): fds 0-2 are a terminal, as under qemu
                    if (r[4] > 2) { result = -EBADF; break; }
                    byte[] stx = new byte[256];
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(stx).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                    b.putInt(0, 0x7FF).putInt(4, 1024).putInt(16, 1).putShort(28, (short) 0x2190);
                    b.putInt(128, 136).putInt(136, 0).putInt(140, 23);
                    poke(r[8], stx);
                    result = 0;
                    break;
                }
                case 5000: { // read
                    if (r[4] != 0) { result = -EBADF; break; }
                    int n = (int) Math.min(r[6], stdin.length - stdinOffset);
                    byte[] b = new byte[n];
                    System.arraycopy(stdin, stdinOffset, b, 0, n);
                    stdinOffset += n;
                    poke(r[5], b);
                    result = n;
                    break;
                }
                case 5205: case 5058: return (int) r[4]; // exit_group, exit
                default: fail("system call " + nr + " not served; calls so far " + calls);
                    return -1;
            }
            if (result < 0 && result > -4096) {
                r[2] = -result;
                r[7] = 1;
            } else {
                r[2] = result;
                r[7] = 0;
            }
            m.state.jump(e.epc() + 4);
            m.state.clearLinked();
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        // argv (space-separated) | stdin | qemu-mips64el's output (\n: newline)
        "printf %d-%x-%.3f\\n 42 255 3.14159 | | 42-ff-3.142\\n",
        "seq 3 | | 1\\n2\\n3\\n",
        "sha256sum | abc | ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  -\\n",
        "wc -c | hello guest | 11\\n",
    })
    void appletsPrintWhatTheyPrintUnderQemu(String argv, String input, String expected) throws IOException {
        byte[] elf = BusyboxDecodeTest.busybox();
        m.load(elf);
        List<String> args = new ArrayList<>(List.of("busybox"));
        args.addAll(List.of(argv.split(" ")));
        stack(elf, args.toArray(new String[0]));
        stdin = input == null ? new byte[0] : input.getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, run(), () -> "exit status; output " + m.output);
        assertEquals(expected.replace("\\n", "\n"), m.output.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void echoRunsToItsEnd() throws IOException {
        byte[] elf = BusyboxDecodeTest.busybox();
        m.load(elf);
        stack(elf, "busybox", "echo", "hello,", "guest");
        assertEquals(0, run(), () -> "exit status; output " + m.output);
        assertEquals("hello, guest\n", m.output.toString(StandardCharsets.US_ASCII));
        assertTrue(m.instructions > 5_000, "instructions: " + m.instructions);
        System.out.printf("busybox echo: %d guest instructions, system calls %s%n", m.instructions, calls);
    }
}
