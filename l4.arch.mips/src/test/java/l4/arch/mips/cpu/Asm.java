package l4.arch.mips.cpu;

/** Encodes the few MIPS instructions the CPU unit tests are written in. */
final class Asm {
    private Asm() {}

    static int r(int funct, int rs, int rt, int rd, int sa) {
        return (rs << 21) | (rt << 16) | (rd << 11) | (sa << 6) | funct;
    }

    static int i(int opcode, int rs, int rt, int imm) {
        return (opcode << 26) | (rs << 21) | (rt << 16) | (imm & 0xFFFF);
    }

    static int addu(int rd, int rs, int rt) { return r(33, rs, rt, rd, 0); }
    static int add(int rd, int rs, int rt) { return r(32, rs, rt, rd, 0); }
    static int addiu(int rt, int rs, int imm) { return i(9, rs, rt, imm); }
    static int daddiu(int rt, int rs, int imm) { return i(25, rs, rt, imm); }
    static int lui(int rt, int imm) { return i(15, 0, rt, imm); }
    static int ori(int rt, int rs, int imm) { return i(13, rs, rt, imm); }
    static int lw(int rt, int off, int base) { return i(35, base, rt, off); }
    static int ld(int rt, int off, int base) { return i(55, base, rt, off); }
    static int sw(int rt, int off, int base) { return i(43, base, rt, off); }
    static int beq(int rs, int rt, int off) { return i(4, rs, rt, off); }
    static int bne(int rs, int rt, int off) { return i(5, rs, rt, off); }
    static int beql(int rs, int rt, int off) { return i(20, rs, rt, off); }
    static int jr(int rs) { return r(8, rs, 0, 0, 0); }
    static int mult(int rs, int rt) { return r(24, rs, rt, 0, 0); }
    static int mflo(int rd) { return r(18, 0, 0, rd, 0); }
    static int teq(int rs, int rt) { return r(52, rs, rt, 0, 0); }
    static int dsll32(int rd, int rt, int sa) { return r(60, 0, rt, rd, sa); }
    static final int SYSCALL = 12;
    static final int BREAK = 13;
    static final int NOP = 0;
    /** mfc0 $1, $12 (Status): privileged. */
    static final int MFC0 = (16 << 26) | (1 << 16) | (12 << 11);
    /** add.d $f0, $f2, $f4 */
    static final int ADD_D = (17 << 26) | (17 << 21) | (4 << 16) | (2 << 11);
    /** opcode 59: not an instruction */
    static final int RESERVED = 59 << 26;
}
