package l4.drivers.client;

import l4.api.L4;
import l4.api.MsgDope;
import l4.api.UserMemory;

/**
 * A V2 message buffer with one string, in the task's own memory: word 0 the receive fpage, word 1
 * the size dope (capacity), word 2 the send dope, then the message words (as many as the registers
 * carry), then the string dope (send size, send address, receive size, receive address).
 *
 * <p>Where: σ0 gives every RAM page to one task only, and maps it 1:1, so tasks started by the root
 * task must not share addresses. A program's buffers live in its own megabyte, 16 MiB + task
 * number MiB ({@link #area}).
 */
public final class MessageBuffer {
    public static final int MAX_STRING = 4096;

    private final UserMemory mem;
    private final int wb;
    private final int mr;
    /** The buffer itself; its string data starts one page above. */
    public final long address;
    public final long data;

    public MessageBuffer(L4 l4, long address) {
        this.mem = l4.memory();
        this.wb = l4.wordBytes();
        this.mr = l4.messageRegisters();
        this.address = address;
        this.data = address + 0x1000;
    }

    /** This task's own megabyte for message buffers: 16 MiB + task number MiB. */
    public static long area(L4 l4) {
        return 0x0100_0000L + (long) l4.myself().task() * 0x10_0000L;
    }

    private long stringDope() { return address + (3L + mr) * wb; }

    /** Ready to receive register words and one string of up to {@link #MAX_STRING} bytes into {@link #data}. */
    public void prepareReceive() {
        mem.writeWord(address, 0);
        mem.writeWord(address + wb, MsgDope.of(mr, 1));
        mem.writeWord(address + 2L * wb, 0);
        long sd = stringDope();
        mem.writeWord(sd, 0);
        mem.writeWord(sd + wb, 0);
        mem.writeWord(sd + 2L * wb, MAX_STRING);
        mem.writeWord(sd + 3L * wb, data);
    }

    /** Ready to send the register words and {@code bytes} as one string from {@link #data}. */
    public void prepareSend(byte[] bytes) {
        if (bytes.length > MAX_STRING) throw new IllegalArgumentException("at most " + MAX_STRING + " bytes");
        mem.write(data, bytes);
        mem.writeWord(address, 0);
        mem.writeWord(address + wb, MsgDope.of(mr, 1));
        mem.writeWord(address + 2L * wb, MsgDope.of(mr, 1));
        long sd = stringDope();
        mem.writeWord(sd, bytes.length);
        mem.writeWord(sd + wb, data);
        mem.writeWord(sd + 2L * wb, 0);
        mem.writeWord(sd + 3L * wb, 0);
    }

    /** The bytes of the string received by the last receive through this buffer. */
    public byte[] received() {
        long n = mem.readWord(stringDope());
        if (n <= 0 || n > MAX_STRING) return new byte[0];
        return mem.read(data, (int) n);
    }
}
