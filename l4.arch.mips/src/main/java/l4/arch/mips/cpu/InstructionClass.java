package l4.arch.mips.cpu;

/**
 * Cost classes of guest instructions on the R4600 (IDT79R4600 "Orion", the CPU of the U4600 board
 * of the L4/MIPS measurements): {@link #cycles} is charged when the instruction issues,
 * {@link #latency} is how long the multiply/divide unit keeps HI/LO busy afterwards (a later
 * {@code mfhi}/{@code mflo} or multiply waits for it). Each constant names its source.
 *
 * Decisions: instructions the R4600 lacks (MIPS32/64 release 2: ext/ins, rotates, seb/seh/wsbh,
 * clz, rdhwr; MIPS IV: movn/movz, movf/movt, indexed FPU loads, madd.fmt, recip/rsqrt; MIPS32
 * mul/madd) are priced as the nearest R4600 class, named in each source text. The FPU is charged
 * its full latency at issue (the R4600's FPU overlaps little with itself), the integer
 * multiplier overlaps with later independent instructions as on the hardware.
 *
 * <p>"GCC R4600" is GCC's pipeline description of the R4600 ({@code gcc/config/mips/4600.md},
 * derived from the processor's documented timings), "GCC generic" its defaults for the classes
 * that file does not override ({@code generic.md}).
 */
public enum InstructionClass {
    NONE(0, 0, "reserved instruction: no issue, the exception is charged by the kernel"),
    ALU(1, 0, "GCC generic: integer ALU, shift, set and move instructions 1 cycle (generic_alu; the R4600 issues one "
            + "instruction per cycle). "
            + "Decision: ext/ins/dext/dins, rotates, seb/seh/wsbh/dsbh/dshd, clz/clo, movn/movz, movf/movt, rdhwr and "
            + "pref (absent on the R4600) are single-cycle register operations on later cores, priced as ALU"),
    JUMP(1, 0, "GCC generic: jumps 1 cycle (generic_branch); the R4600's 5-stage pipeline hides the rest in the delay "
            + "slot"),
    BRANCH(1, 0, "GCC generic: branches 1 cycle (generic_branch); on the R4600 a branch takes a single cycle, unlike the "
            + "R4000's 3 (libgcrypt mpi/mips3/README); bc1t/bc1f likewise"),
    NULLIFIED_SLOT(1, 0, "decision: the delay slot of a branch-likely that is not taken is killed in the pipeline, "
            + "a one-cycle bubble"),
    TRAP(1, 0, "decision: syscall, break, trap and coprocessor-unusable instructions issue in one cycle; the exception entry "
            + "is the kernel's (Cost.EXCEPTION, Cost.KERNEL_ENTRY_EXIT)"),
    SYNC(1, 0, "decision: sync completes in one cycle on a single-issue CPU without write-buffer reordering to wait for. "
            + "Decision: synci (release 2) priced the same"),
    HILO(1, 0, "GCC generic: mfhi/mflo/mthi/mtlo 1 cycle (generic_hilo), once the multiply/divide unit is done"),
    MULT(1, 10, "GCC R4600: integer multiply 10 cycles (r4600_imul); later independent instructions continue. "
            + "Decision: madd/maddu/msub/msubu (MIPS32, R4650's mad) priced as MULT"),
    DMULT(1, 12, "IDT79R4600 data sheet as recalled, not checked against a copy: DMULT/DMULTU 12 cycles (GCC R4600 prices "
            + "every integer multiply 10)"),
    DIV(1, 42, "GCC R4600: integer divide 42 cycles (r4600_idiv)"),
    DDIV(1, 74, "IDT79R4600 data sheet as recalled, not checked against a copy: DDIV/DDIVU 74 cycles, 42 plus one cycle "
            + "per further quotient bit (GCC R4600 prices every integer divide 42)"),
    MUL(10, 0, "Decision: MIPS32 mul (rd) is MULT followed by mflo, so the 10 cycles of MULT stall the pipeline"),
    LOAD(0, 0, "the issue cycle of a load is the data access, charged by the MMU as Cost.USER_MEMORY_ACCESS "
            + "(plus TLB_REFILL on a miss); ll/lld likewise"),
    LOAD_USE_STALL(1, 0, "GCC R4600: load latency 2 (r4600_load), one load delay cycle: the pipeline interlocks for one cycle when "
            + "the next instruction reads the loaded register (decided from the next word in memory; a load in a delay "
            + "slot or at the end of a page is charged no stall)"),
    STORE(0, 0, "the issue cycle of a store is the data access (Cost.USER_MEMORY_ACCESS); sc/scd and FPU stores "
            + "likewise"),
    FP_LOAD(0, 0, "lwc1/ldc1 like integer loads (Cost.USER_MEMORY_ACCESS). Decision: lwxc1/ldxc1/luxc1 (MIPS IV) "
            + "priced the same; no interlock is modelled for an FPU use of the loaded register"),
    FP_MOVE(2, 0, "GCC generic: mtc1/mfc1 2 cycles between the register files (generic_xfer); dmtc1/dmfc1/ctc1/cfc1 "
            + "alike. "
            + "Decision: mfhc1/mthc1 (release 2) priced the same"),
    FP_ABS(1, 0, "GCC R4600: abs.fmt, neg.fmt and mov.fmt 1 cycle (r4600_fmove). Decision: movz/movn/movf/movt.fmt (MIPS IV) priced "
            + "as mov.fmt"),
    FP_ADD(4, 0, "GCC generic: add.fmt/sub.fmt 4 cycles (generic_fadd)"),
    FP_MUL_S(8, 0, "GCC R4600: mul.s 8 cycles (r4600_fmul_single)"),
    FP_MUL_D(8, 0, "GCC generic: mul.d 8 cycles (generic_fmul_double)"),
    FP_DIV_S(32, 0, "GCC R4600: div.s 32 cycles (r4600_fdiv_single). Decision: recip.s (MIPS IV) priced as div.s"),
    FP_DIV_D(61, 0, "GCC R4600: div.d 61 cycles (r4600_fdiv_double). Decision: recip.d (MIPS IV) priced as div.d"),
    FP_SQRT_S(31, 0, "GCC R4600: sqrt.s 31 cycles (r4600_fsqrt_single)"),
    FP_SQRT_D(60, 0, "GCC R4600: sqrt.d 60 cycles (r4600_fsqrt_double)"),
    FP_RSQRT_S(63, 0, "Decision: rsqrt.s (MIPS IV) is sqrt.s then div.s on the R4600: 31 + 32 cycles"),
    FP_RSQRT_D(121, 0, "Decision: rsqrt.d (MIPS IV) is sqrt.d then div.d on the R4600: 60 + 61 cycles"),
    FP_CVT(4, 0, "estimate, no R4600 figure found: cvt, round, trunc, ceil and floor 4 cycles, as an add (they use "
            + "the adder's normalise and round stages; GCC generic's 1 is no R4600 figure)"),
    FP_CMP(3, 0, "GCC generic: c.cond.fmt 3 cycles (generic_fcmp)"),
    FP_MADD_S(12, 0, "Decision: madd/msub/nmadd/nmsub.s (MIPS IV) are mul.s then add.s on the R4600: 8 + 4 cycles"),
    FP_MADD_D(12, 0, "Decision: madd/msub/nmadd/nmsub.d (MIPS IV) are mul.d then add.d on the R4600: 8 + 4 cycles");

    /** Default cycles charged at issue. */
    public final int cycles;
    /** Default cycles the multiply/divide unit is busy after issue. */
    public final int latency;
    /** Where the figure comes from. */
    public final String source;

    InstructionClass(int cycles, int latency, String source) {
        this.cycles = cycles;
        this.latency = latency;
        this.source = source;
    }
}
