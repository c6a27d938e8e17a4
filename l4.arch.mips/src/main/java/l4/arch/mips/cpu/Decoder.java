package l4.arch.mips.cpu;

/**
 * Decodes one instruction word of the user-mode MIPS64 release 2 set to an {@link Op}; everything
 * else, including encodings with nonzero fields the architecture requires to be zero where the
 * hardware raises RI for them, is {@link Op#RESERVED}. Pure, no state.
 */
final class Decoder {
    private Decoder() {}

    static int decode(int w) {
        int opcode = w >>> 26;
        int rs = (w >>> 21) & 31;
        int rt = (w >>> 16) & 31;
        int rd = (w >>> 11) & 31;
        int sa = (w >>> 6) & 31;
        int funct = w & 63;
        switch (opcode) {
            case 0: return special(w, rs, rt, rd, sa, funct);
            case 1: return regimm(rt);
            case 2: return Op.J;
            case 3: return Op.JAL;
            case 4: return Op.BEQ;
            case 5: return Op.BNE;
            case 6: return rt == 0 ? Op.BLEZ : Op.RESERVED;
            case 7: return rt == 0 ? Op.BGTZ : Op.RESERVED;
            case 8: return Op.ADDI;
            case 9: return Op.ADDIU;
            case 10: return Op.SLTI;
            case 11: return Op.SLTIU;
            case 12: return Op.ANDI;
            case 13: return Op.ORI;
            case 14: return Op.XORI;
            case 15: return rs == 0 ? Op.LUI : Op.RESERVED;
            case 16: return Op.COP0;
            case 17: return cop1(rs, rt, rd, funct, w);
            case 18: return Op.COP2;
            case 19: return cop1x(funct, sa, rd);
            case 20: return Op.BEQL;
            case 21: return Op.BNEL;
            case 22: return rt == 0 ? Op.BLEZL : Op.RESERVED;
            case 23: return rt == 0 ? Op.BGTZL : Op.RESERVED;
            case 24: return Op.DADDI;
            case 25: return Op.DADDIU;
            case 26: return Op.LDL;
            case 27: return Op.LDR;
            case 28: return special2(rd, sa, funct);
            case 31: return special3(rs, sa, funct, rd);
            case 32: return Op.LB;
            case 33: return Op.LH;
            case 34: return Op.LWL;
            case 35: return Op.LW;
            case 36: return Op.LBU;
            case 37: return Op.LHU;
            case 38: return Op.LWR;
            case 39: return Op.LWU;
            case 40: return Op.SB;
            case 41: return Op.SH;
            case 42: return Op.SWL;
            case 43: return Op.SW;
            case 44: return Op.SDL;
            case 45: return Op.SDR;
            case 46: return Op.SWR;
            case 47: return Op.CACHE;
            case 48: return Op.LL;
            case 49: return Op.LWC1;
            case 50: return Op.COP2; // lwc2
            case 51: return Op.PREF;
            case 52: return Op.LLD;
            case 53: return Op.LDC1;
            case 54: return Op.COP2; // ldc2
            case 55: return Op.LD;
            case 56: return Op.SC;
            case 57: return Op.SWC1;
            case 58: return Op.COP2; // swc2
            case 60: return Op.SCD;
            case 61: return Op.SDC1;
            case 62: return Op.COP2; // sdc2
            case 63: return Op.SD;
            default: return Op.RESERVED;
        }
    }

    private static int special(int w, int rs, int rt, int rd, int sa, int funct) {
        switch (funct) {
            case 0: return rs == 0 ? Op.SLL : Op.RESERVED;
            case 1: return (w & 0x7C0) == 0 && ((w >>> 17) & 1) == 0 ? (((w >>> 16) & 1) == 0 ? Op.MOVF : Op.MOVT) : Op.RESERVED;
            case 2: return rs == 0 ? Op.SRL : rs == 1 ? Op.ROTR : Op.RESERVED;
            case 3: return rs == 0 ? Op.SRA : Op.RESERVED;
            case 4: return sa == 0 ? Op.SLLV : Op.RESERVED;
            case 6: return sa == 0 ? Op.SRLV : sa == 1 ? Op.ROTRV : Op.RESERVED;
            case 7: return sa == 0 ? Op.SRAV : Op.RESERVED;
            case 8: return rt == 0 && rd == 0 ? Op.JR : Op.RESERVED; // sa holds the release-2 hint
            case 9: return rt == 0 ? Op.JALR : Op.RESERVED;
            case 10: return sa == 0 ? Op.MOVZ : Op.RESERVED;
            case 11: return sa == 0 ? Op.MOVN : Op.RESERVED;
            case 12: return Op.SYSCALL;
            case 13: return Op.BREAK;
            case 15: return rs == 0 && rt == 0 && rd == 0 ? Op.SYNC : Op.RESERVED; // sa = stype
            case 16: return rs == 0 && rt == 0 && sa == 0 ? Op.MFHI : Op.RESERVED;
            case 17: return rt == 0 && rd == 0 && sa == 0 ? Op.MTHI : Op.RESERVED;
            case 18: return rs == 0 && rt == 0 && sa == 0 ? Op.MFLO : Op.RESERVED;
            case 19: return rt == 0 && rd == 0 && sa == 0 ? Op.MTLO : Op.RESERVED;
            case 20: return sa == 0 ? Op.DSLLV : Op.RESERVED;
            case 22: return sa == 0 ? Op.DSRLV : sa == 1 ? Op.DROTRV : Op.RESERVED;
            case 23: return sa == 0 ? Op.DSRAV : Op.RESERVED;
            case 24: return rd == 0 && sa == 0 ? Op.MULT : Op.RESERVED;
            case 25: return rd == 0 && sa == 0 ? Op.MULTU : Op.RESERVED;
            case 26: return rd == 0 && sa == 0 ? Op.DIV : Op.RESERVED;
            case 27: return rd == 0 && sa == 0 ? Op.DIVU : Op.RESERVED;
            case 28: return rd == 0 && sa == 0 ? Op.DMULT : Op.RESERVED;
            case 29: return rd == 0 && sa == 0 ? Op.DMULTU : Op.RESERVED;
            case 30: return rd == 0 && sa == 0 ? Op.DDIV : Op.RESERVED;
            case 31: return rd == 0 && sa == 0 ? Op.DDIVU : Op.RESERVED;
            case 32: return sa == 0 ? Op.ADD : Op.RESERVED;
            case 33: return sa == 0 ? Op.ADDU : Op.RESERVED;
            case 34: return sa == 0 ? Op.SUB : Op.RESERVED;
            case 35: return sa == 0 ? Op.SUBU : Op.RESERVED;
            case 36: return sa == 0 ? Op.AND : Op.RESERVED;
            case 37: return sa == 0 ? Op.OR : Op.RESERVED;
            case 38: return sa == 0 ? Op.XOR : Op.RESERVED;
            case 39: return sa == 0 ? Op.NOR : Op.RESERVED;
            case 42: return sa == 0 ? Op.SLT : Op.RESERVED;
            case 43: return sa == 0 ? Op.SLTU : Op.RESERVED;
            case 44: return sa == 0 ? Op.DADD : Op.RESERVED;
            case 45: return sa == 0 ? Op.DADDU : Op.RESERVED;
            case 46: return sa == 0 ? Op.DSUB : Op.RESERVED;
            case 47: return sa == 0 ? Op.DSUBU : Op.RESERVED;
            case 48: return Op.TGE;
            case 49: return Op.TGEU;
            case 50: return Op.TLT;
            case 51: return Op.TLTU;
            case 52: return Op.TEQ;
            case 54: return Op.TNE;
            case 56: return rs == 0 ? Op.DSLL : Op.RESERVED;
            case 58: return rs == 0 ? Op.DSRL : rs == 1 ? Op.DROTR : Op.RESERVED;
            case 59: return rs == 0 ? Op.DSRA : Op.RESERVED;
            case 60: return rs == 0 ? Op.DSLL32 : Op.RESERVED;
            case 62: return rs == 0 ? Op.DSRL32 : rs == 1 ? Op.DROTR32 : Op.RESERVED;
            case 63: return rs == 0 ? Op.DSRA32 : Op.RESERVED;
            default: return Op.RESERVED;
        }
    }

    private static int regimm(int rt) {
        switch (rt) {
            case 0: return Op.BLTZ;
            case 1: return Op.BGEZ;
            case 2: return Op.BLTZL;
            case 3: return Op.BGEZL;
            case 8: return Op.TGEI;
            case 9: return Op.TGEIU;
            case 10: return Op.TLTI;
            case 11: return Op.TLTIU;
            case 12: return Op.TEQI;
            case 14: return Op.TNEI;
            case 16: return Op.BLTZAL;
            case 17: return Op.BGEZAL;
            case 18: return Op.BLTZALL;
            case 19: return Op.BGEZALL;
            case 31: return Op.SYNCI;
            default: return Op.RESERVED;
        }
    }

    private static int special2(int rd, int sa, int funct) {
        switch (funct) {
            case 0: return rd == 0 && sa == 0 ? Op.MADD : Op.RESERVED;
            case 1: return rd == 0 && sa == 0 ? Op.MADDU : Op.RESERVED;
            case 2: return sa == 0 ? Op.MUL : Op.RESERVED;
            case 4: return rd == 0 && sa == 0 ? Op.MSUB : Op.RESERVED;
            case 5: return rd == 0 && sa == 0 ? Op.MSUBU : Op.RESERVED;
            case 32: return sa == 0 ? Op.CLZ : Op.RESERVED;
            case 33: return sa == 0 ? Op.CLO : Op.RESERVED;
            case 36: return sa == 0 ? Op.DCLZ : Op.RESERVED;
            case 37: return sa == 0 ? Op.DCLO : Op.RESERVED;
            default: return Op.RESERVED;
        }
    }

    private static int special3(int rs, int sa, int funct, int rd) {
        switch (funct) {
            case 0: return Op.EXT;
            case 1: return Op.DEXTM;
            case 2: return Op.DEXTU;
            case 3: return Op.DEXT;
            case 4: return Op.INS;
            case 5: return Op.DINSM;
            case 6: return Op.DINSU;
            case 7: return Op.DINS;
            case 32:
                if (rs != 0) return Op.RESERVED;
                return sa == 2 ? Op.WSBH : sa == 16 ? Op.SEB : sa == 24 ? Op.SEH : Op.RESERVED;
            case 36:
                if (rs != 0) return Op.RESERVED;
                return sa == 2 ? Op.DSBH : sa == 5 ? Op.DSHD : Op.RESERVED;
            case 59: return rs == 0 && sa == 0 ? Op.RDHWR : Op.RESERVED;
            default: return Op.RESERVED;
        }
    }

    private static int cop1(int rs, int rt, int rd, int funct, int w) {
        boolean low11Zero = (w & 0x7FF) == 0;
        switch (rs) {
            case 0: return low11Zero ? Op.MFC1 : Op.RESERVED;
            case 1: return low11Zero ? Op.DMFC1 : Op.RESERVED;
            case 2: return low11Zero ? Op.CFC1 : Op.RESERVED;
            case 3: return low11Zero ? Op.MFHC1 : Op.RESERVED;
            case 4: return low11Zero ? Op.MTC1 : Op.RESERVED;
            case 5: return low11Zero ? Op.DMTC1 : Op.RESERVED;
            case 6: return low11Zero ? Op.CTC1 : Op.RESERVED;
            case 7: return low11Zero ? Op.MTHC1 : Op.RESERVED;
            case 8:
                switch (rt & 3) {
                    case 0: return Op.BC1F;
                    case 1: return Op.BC1T;
                    case 2: return Op.BC1FL;
                    default: return Op.BC1TL;
                }
            case 16: return fmtSD(funct, rt, w, true);
            case 17: return fmtSD(funct, rt, w, false);
            case 20:
                if (rt != 0) return Op.RESERVED;
                return funct == 32 ? Op.CVT_S_W : funct == 33 ? Op.CVT_D_W : Op.RESERVED;
            case 21:
                if (rt != 0) return Op.RESERVED;
                return funct == 32 ? Op.CVT_S_L : funct == 33 ? Op.CVT_D_L : Op.RESERVED;
            default: return Op.RESERVED;
        }
    }

    private static int fmtSD(int funct, int ft, int w, boolean s) {
        if (funct >= 48) return ((w >>> 6) & 3) == 0 ? (s ? Op.C_S : Op.C_D) : Op.RESERVED;
        boolean unary = funct >= 4 && funct != 17 && funct != 18 && funct != 19;
        if (unary && ft != 0) return Op.RESERVED;
        switch (funct) {
            case 0: return s ? Op.ADD_S : Op.ADD_D;
            case 1: return s ? Op.SUB_S : Op.SUB_D;
            case 2: return s ? Op.MUL_S : Op.MUL_D;
            case 3: return s ? Op.DIV_S : Op.DIV_D;
            case 4: return s ? Op.SQRT_S : Op.SQRT_D;
            case 5: return s ? Op.ABS_S : Op.ABS_D;
            case 6: return s ? Op.MOV_S : Op.MOV_D;
            case 7: return s ? Op.NEG_S : Op.NEG_D;
            case 8: return s ? Op.ROUND_L_S : Op.ROUND_L_D;
            case 9: return s ? Op.TRUNC_L_S : Op.TRUNC_L_D;
            case 10: return s ? Op.CEIL_L_S : Op.CEIL_L_D;
            case 11: return s ? Op.FLOOR_L_S : Op.FLOOR_L_D;
            case 12: return s ? Op.ROUND_W_S : Op.ROUND_W_D;
            case 13: return s ? Op.TRUNC_W_S : Op.TRUNC_W_D;
            case 14: return s ? Op.CEIL_W_S : Op.CEIL_W_D;
            case 15: return s ? Op.FLOOR_W_S : Op.FLOOR_W_D;
            case 17: return (ft & 2) == 0 ? (s ? Op.MOVCF_S : Op.MOVCF_D) : Op.RESERVED;
            case 18: return s ? Op.MOVZ_S : Op.MOVZ_D;
            case 19: return s ? Op.MOVN_S : Op.MOVN_D;
            case 21: return s ? Op.RECIP_S : Op.RECIP_D;
            case 22: return s ? Op.RSQRT_S : Op.RSQRT_D;
            case 32: return s ? Op.RESERVED : Op.CVT_S_D;
            case 33: return s ? Op.CVT_D_S : Op.RESERVED;
            case 36: return s ? Op.CVT_W_S : Op.CVT_W_D;
            case 37: return s ? Op.CVT_L_S : Op.CVT_L_D;
            default: return Op.RESERVED;
        }
    }

    private static int cop1x(int funct, int sa, int rd) {
        switch (funct) {
            case 0: return rd == 0 ? Op.LWXC1 : Op.RESERVED;
            case 1: return rd == 0 ? Op.LDXC1 : Op.RESERVED;
            case 5: return rd == 0 ? Op.LUXC1 : Op.RESERVED;
            case 8: return sa == 0 ? Op.SWXC1 : Op.RESERVED;
            case 9: return sa == 0 ? Op.SDXC1 : Op.RESERVED;
            case 13: return sa == 0 ? Op.SUXC1 : Op.RESERVED;
            case 15: return sa == 0 ? Op.PREFX : Op.RESERVED;
            case 32: return Op.MADD_S;
            case 33: return Op.MADD_D;
            case 40: return Op.MSUB_S;
            case 41: return Op.MSUB_D;
            case 48: return Op.NMADD_S;
            case 49: return Op.NMADD_D;
            case 56: return Op.NMSUB_S;
            case 57: return Op.NMSUB_D;
            default: return Op.RESERVED;
        }
    }
}
