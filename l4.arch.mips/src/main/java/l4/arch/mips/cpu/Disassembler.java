package l4.arch.mips.cpu;

/**
 * One instruction word as assembler text, for the kernel debugger: the mnemonic the
 * {@link Decoder} finds and, for the integer instructions, their operands in the usual assembler
 * order (registers by their n64 names as L4/MIPS {@code regdef.h} spells them, immediates in
 * hexadecimal, branch and jump targets as addresses). FPU and other rare instructions show the
 * mnemonic alone. Pure, no state.
 */
public final class Disassembler {
    private static final String[] GPR = {
        "zero", "at", "v0", "v1", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "t0", "t1", "t2", "t3",
        "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "t8", "t9", "k0", "k1", "gp", "sp", "s8", "ra"
    };

    private Disassembler() {}

    /** The instruction {@code word} at address {@code pc}. */
    public static String text(long pc, int word) {
        if (word == 0) return "nop";
        int op = Decoder.decode(word);
        String m = Op.name(op);
        String rs = GPR[(word >>> 21) & 31], rt = GPR[(word >>> 16) & 31], rd = GPR[(word >>> 11) & 31];
        int sa = (word >>> 6) & 31;
        String imm = hex((short) word);
        String branch = "0x" + Long.toHexString(pc + 4 + ((long) (short) word << 2));
        switch (op) {
            case Op.RESERVED: return "reserved instruction";
            case Op.SLL: case Op.SRL: case Op.SRA: case Op.ROTR: case Op.DSLL: case Op.DSRL: case Op.DSRA: case Op.DROTR:
            case Op.DSLL32: case Op.DSRL32: case Op.DSRA32: case Op.DROTR32:
                return m + " " + rd + ", " + rt + ", " + sa;
            case Op.SLLV: case Op.SRLV: case Op.SRAV: case Op.ROTRV: case Op.DSLLV: case Op.DSRLV: case Op.DSRAV: case Op.DROTRV:
                return m + " " + rd + ", " + rt + ", " + rs;
            case Op.JR: return m + " " + rs;
            case Op.JALR: return m + " " + rd + ", " + rs;
            case Op.MFHI: case Op.MFLO: return m + " " + rd;
            case Op.MTHI: case Op.MTLO: return m + " " + rs;
            case Op.MULT: case Op.MULTU: case Op.DIV: case Op.DIVU: case Op.DMULT: case Op.DMULTU: case Op.DDIV: case Op.DDIVU:
            case Op.MADD: case Op.MADDU: case Op.MSUB: case Op.MSUBU:
            case Op.TGE: case Op.TGEU: case Op.TLT: case Op.TLTU: case Op.TEQ: case Op.TNE:
                return m + " " + rs + ", " + rt;
            case Op.MOVZ: case Op.MOVN: case Op.ADD: case Op.ADDU: case Op.SUB: case Op.SUBU: case Op.AND: case Op.OR:
            case Op.XOR: case Op.NOR: case Op.SLT: case Op.SLTU: case Op.DADD: case Op.DADDU: case Op.DSUB: case Op.DSUBU:
            case Op.MUL:
                return m + " " + rd + ", " + rs + ", " + rt;
            case Op.ADDI: case Op.ADDIU: case Op.SLTI: case Op.SLTIU: case Op.DADDI: case Op.DADDIU:
                return m + " " + rt + ", " + rs + ", " + imm;
            case Op.ANDI: case Op.ORI: case Op.XORI:
                return m + " " + rt + ", " + rs + ", 0x" + Integer.toHexString(word & 0xFFFF);
            case Op.LUI: return m + " " + rt + ", 0x" + Integer.toHexString(word & 0xFFFF);
            case Op.BEQ: case Op.BNE: case Op.BEQL: case Op.BNEL:
                return m + " " + rs + ", " + rt + ", " + branch;
            case Op.BLEZ: case Op.BGTZ: case Op.BLEZL: case Op.BGTZL: case Op.BLTZ: case Op.BGEZ: case Op.BLTZL: case Op.BGEZL:
            case Op.BLTZAL: case Op.BGEZAL: case Op.BLTZALL: case Op.BGEZALL:
                return m + " " + rs + ", " + branch;
            case Op.TGEI: case Op.TGEIU: case Op.TLTI: case Op.TLTIU: case Op.TEQI: case Op.TNEI:
                return m + " " + rs + ", " + imm;
            case Op.J: case Op.JAL:
                return m + " 0x" + Long.toHexString(((pc + 4) & 0xFFFFFFFFF0000000L) | ((long) (word & 0x03FFFFFF) << 2));
            case Op.SYSCALL: case Op.BREAK: {
                int code = (word >>> 6) & 0xFFFFF;
                return code == 0 ? m : m + " " + code;
            }
            default:
                break;
        }
        boolean integerLoadStore = switch (word >>> 26) {
            case 26, 27, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 48, 52, 55, 56, 60, 63 -> true;
            default -> false;
        };
        if (integerLoadStore) return m + " " + rt + ", " + imm + "(" + rs + ")";
        return m;
    }

    private static String hex(int v) {
        return v < 0 ? "-0x" + Integer.toHexString(-v) : "0x" + Integer.toHexString(v);
    }
}
