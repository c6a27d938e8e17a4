package l4.arch.mips;

import java.util.ArrayList;
import java.util.List;
import l4.api.L4;

/**
 * MIPS64 machine code for the guest-thread tests, assembled in the test: the few instructions the
 * test programs use, and a way to put a program and its data table into a task's memory.
 */
final class GuestCode {
    static final int ZERO = 0, AT = 1, V0 = 2, V1 = 3, A0 = 4, A1 = 5, A2 = 6, A3 = 7, A4 = 8, A5 = 9, A6 = 10;
    static final int T0 = 12, T1 = 13, S0 = 16, S1 = 17, S2 = 18, GP = 28, SP = 29, S8 = 30;

    private final List<Integer> words = new ArrayList<>();

    private GuestCode add(int w) {
        words.add(w);
        return this;
    }

    private static int r(int funct, int rs, int rt, int rd) { return (rs << 21) | (rt << 16) | (rd << 11) | funct; }

    private static int i(int op, int rs, int rt, int imm) { return (op << 26) | (rs << 21) | (rt << 16) | (imm & 0xFFFF); }

    /** Index of the next instruction (a branch target). */
    int here() { return words.size(); }

    GuestCode lui(int rt, int imm) { return add(i(15, 0, rt, imm)); }
    GuestCode daddiu(int rt, int rs, int imm) { return add(i(25, rs, rt, imm)); }
    GuestCode ld(int rt, int off, int base) { return add(i(55, base, rt, off)); }
    GuestCode sd(int rt, int off, int base) { return add(i(63, base, rt, off)); }
    GuestCode lld(int rt, int off, int base) { return add(i(52, base, rt, off)); }
    GuestCode scd(int rt, int off, int base) { return add(i(60, base, rt, off)); }
    GuestCode move(int rd, int rs) { return add(r(37, rs, 0, rd)); }
    GuestCode dsll(int rd, int rt, int sa) { return add(r(56, 0, rt, rd) | (sa & 31) << 6); }
    GuestCode dsrl(int rd, int rt, int sa) { return add(r(58, 0, rt, rd) | (sa & 31) << 6); }
    /** Branches to instruction {@code target} if rs == rt (with its delay slot, a nop). */
    GuestCode beq(int rs, int rt, int target) { add(i(4, rs, rt, target - (here() + 1))); return nop(); }
    GuestCode bne(int rs, int rt, int target) { add(i(5, rs, rt, target - (here() + 1))); return nop(); }
    /** Branches to instruction {@code target} if rs == rt; the next instruction added is its delay slot. */
    GuestCode beqWithSlot(int rs, int rt, int target) { return add(i(4, rs, rt, target - (here() + 1))); }
    /** Branches and links (ra) to instruction {@code target} if rs >= 0; the next instruction added is its delay slot. */
    GuestCode bgezalWithSlot(int rs, int target) { return add(i(1, rs, 17, target - (here() + 1))); }
    GuestCode teq(int rs, int rt) { return add(r(52, rs, rt, 0)); }
    GuestCode syscall() { return add(12); }
    GuestCode brk() { return add(13); }
    GuestCode nop() { return add(0); }

    /** The L4 system call {@code trap} (the number in AT), as the stubs of libl4's l4.h do. */
    GuestCode l4(int trap) { return daddiu(AT, ZERO, trap).syscall(); }

    byte[] bytes() {
        byte[] b = new byte[words.size() * 4];
        for (int k = 0; k < words.size(); k++) {
            int w = words.get(k);
            for (int j = 0; j < 4; j++) b[4 * k + j] = (byte) (w >>> (8 * j));
        }
        return b;
    }

    /** Writes the program at {@code address} of the caller's space. */
    void writeTo(L4 l4, long address) {
        l4.memory().write(address, bytes());
    }
}
