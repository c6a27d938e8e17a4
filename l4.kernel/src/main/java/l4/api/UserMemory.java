package l4.api;

/**
 * A thread's view of its own address space. Every access goes through the architecture's MMU:
 * a missing or read-only mapping raises a page fault that the kernel turns into an IPC to the
 * thread's pager, and the access is retried after the pager's reply. Accesses cost simulated
 * cycles. Words are little-endian and {@link L4#wordBytes()} wide. A word access at an address
 * not aligned to the word size raises the architecture's exception where its CPU has one (MIPS:
 * address error AdEL/AdES to the excepter, BadVAddr = the address); on ix86 it simply works.
 * Byte-granular accesses ({@code read}, {@code write}) have no alignment.
 */
public interface UserMemory {
    byte readByte(long address);

    void writeByte(long address, byte value);

    long readWord(long address);

    void writeWord(long address, long value);

    void read(long address, byte[] into, int offset, int length);

    void write(long address, byte[] from, int offset, int length);

    default byte[] read(long address, int length) {
        byte[] b = new byte[length];
        read(address, b, 0, length);
        return b;
    }

    default void write(long address, byte[] from) {
        write(address, from, 0, from.length);
    }
}
