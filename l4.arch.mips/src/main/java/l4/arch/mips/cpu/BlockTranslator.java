package l4.arch.mips.cpu;

import static org.objectweb.asm.Opcodes.*;

import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Compiles a basic block of guest code to a JVM method ({@link TranslatedBlock}), in a hidden
 * class that the JVM unloads with the block. A block is a run of the instructions whose price is
 * static (integer ALU and immediate operations, shifts, {@code mul}, aligned loads and stores that
 * hit the host translation cache), ending after a branch or jump and its delay slot, before any
 * other instruction, or at the page end; all of it lies in one page, so it needs no instruction
 * fetch of its own. Guest registers live in JVM locals inside the block: read from the register
 * file at entry, written back at every exit. Cycles are the interpreter's static cycles of the
 * same decoded instructions, load-use stalls included, summed at translation time; a block never
 * raises an exception: where the interpreter would take a slow path or raise one (a host
 * translation miss, a misaligned address) it stops before that instruction and leaves it to the
 * interpreter. A block whose branch returns to its start loops inside the method while a further
 * pass fits the budget.
 */
final class BlockTranslator {
    /** The most instructions in one block, to keep methods small enough for the JIT. */
    static final int MAX_LENGTH = 64;

    private static final String BLOCK = "l4/arch/mips/cpu/TranslatedBlock";
    private static final String CONTEXT = "l4/arch/mips/cpu/BlockContext";
    private static final String OPS = "l4/arch/mips/cpu/BlockOps";
    private static final String STATE = "l4/arch/mips/cpu/GuestState";
    private static final String CPU = "l4/arch/mips/cpu/GuestCpu";
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    // locals of run(long[] r, GuestState s, BlockContext x)
    private static final int R = 1, S = 2, X = 3, READ_TAG = 4, READ_FRAME = 5, WRITE_TAG = 6, WRITE_FRAME = 7, HITS = 8,
            TARGET = 10, DONE_N = 12, DONE_CYCLES = 14, VA = 16, VPN = 18, SLOT = 20, EXTRA = 21, READY = 23, REGS = 25;

    private BlockTranslator() {}

    /** Whether the interpreter's op is one a block can hold outside a delay-slot-carrying position. */
    static boolean plain(int op) {
        switch (op) {
            case Op.SLL: case Op.SRL: case Op.SRA: case Op.ROTR: case Op.SLLV: case Op.SRLV: case Op.SRAV: case Op.ROTRV:
            case Op.DSLL: case Op.DSRL: case Op.DSRA: case Op.DROTR: case Op.DSLL32: case Op.DSRL32: case Op.DSRA32:
            case Op.DROTR32: case Op.DSLLV: case Op.DSRLV: case Op.DSRAV: case Op.DROTRV: case Op.MOVZ: case Op.MOVN:
            case Op.ADDU: case Op.SUBU: case Op.DADDU: case Op.DSUBU: case Op.AND: case Op.OR: case Op.XOR: case Op.NOR:
            case Op.SLT: case Op.SLTU: case Op.ADDIU: case Op.DADDIU: case Op.SLTI: case Op.SLTIU: case Op.ANDI: case Op.ORI:
            case Op.XORI: case Op.LUI: case Op.MUL: case Op.SYNC: case Op.PREF: case Op.SYNCI:
            case Op.LW: case Op.LWU: case Op.LD: case Op.LB: case Op.LBU: case Op.LH: case Op.LHU:
            case Op.SW: case Op.SD: case Op.SB: case Op.SH:
            case Op.MFHI: case Op.MFLO: case Op.MTHI: case Op.MTLO:
                return true;
            default:
                return multiplyDivide(op);
        }
    }

    /** The operations that write hi/lo after a latency. */
    static boolean multiplyDivide(int op) {
        switch (op) {
            case Op.MULT: case Op.MULTU: case Op.DIV: case Op.DIVU: case Op.DMULT: case Op.DMULTU: case Op.DDIV: case Op.DDIVU:
            case Op.MADD: case Op.MADDU: case Op.MSUB: case Op.MSUBU:
                return true;
            default:
                return false;
        }
    }

    /** Branches and jumps with a delay slot that always executes (no branch-likely, no FPU condition). */
    static boolean branch(int op) {
        switch (op) {
            case Op.BEQ: case Op.BNE: case Op.BLEZ: case Op.BGTZ: case Op.BLTZ: case Op.BGEZ: case Op.BLTZAL: case Op.BGEZAL:
            case Op.J: case Op.JAL: case Op.JR: case Op.JALR:
                return true;
            default:
                return false;
        }
    }

    /**
     * How many of the decoded instructions {@code e[0..available)} starting at the block's pc form
     * a block: 0 if the first one cannot begin one.
     */
    static int length(long[] e, int available) {
        int len = 0;
        for (int k = 0; k < available && k < MAX_LENGTH; k++) {
            int op = op(e[k]);
            if (branch(op)) {
                return k + 1 < available && plain(op(e[k + 1])) ? k + 2 : len;
            }
            if (!plain(op)) break;
            len = k + 1;
        }
        return len;
    }

    private static int op(long e) {
        return (int) (e >>> 32) & 0x3FF;
    }

    private static long staticCycles(long e) {
        return e >>> 42;
    }

    /** The block of the first {@link #length} instructions of {@code e}, which start at {@code start}; null if none. */
    static TranslatedBlock translate(long start, long[] e, int available, int[] latency) {
        int len = length(e, available);
        if (len == 0) return null;
        long total = 0, latencies = 0;
        boolean hilo = false;
        for (int k = 0; k < len; k++) {
            int op = op(e[k]);
            total += staticCycles(e[k]);
            if (multiplyDivide(op)) latencies += latency[op];
            hilo |= multiplyDivide(op) || op == Op.MFHI || op == Op.MFLO || op == Op.MTHI || op == Op.MTLO;
        }
        Body body = new Body(start, e, len, total, hilo, latency);
        body.emit(new MethodVisitor(ASM9) {}); // a dry pass: which registers the block reads and writes
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(V17, ACC_FINAL | ACC_SUPER, "l4/arch/mips/cpu/Block" + Long.toHexString(start), null, BLOCK, null);
        MethodVisitor init = cw.visitMethod(0, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitMethodInsn(INVOKESPECIAL, BLOCK, "<init>", "()V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor mv = cw.visitMethod(0, "run", "([JL" + STATE + ";L" + CONTEXT + ";)V", null, null);
        mv.visitCode();
        body.emit(mv);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        try {
            MethodHandles.Lookup hidden = LOOKUP.defineHiddenClass(cw.toByteArray(), true);
            TranslatedBlock b = (TranslatedBlock) hidden.findConstructor(hidden.lookupClass(),
                    java.lang.invoke.MethodType.methodType(void.class)).invoke();
            b.length = len;
            b.cycles = total + latencies;
            b.hilo = hilo;
            return b;
        } catch (Throwable t) {
            throw new IllegalStateException("translating the block at 0x" + Long.toHexString(start), t);
        }
    }

    /** The code of one block; emitted twice, first to learn its registers. */
    private static final class Body {
        final long start;
        final long[] e;
        final int len;
        final long total;
        final boolean branches;
        final boolean hilo;
        final int[] latency;
        /** Registers the block reads or writes (loaded at entry) and writes (stored at every exit). */
        int used, written;
        MethodVisitor mv;
        final List<Runnable> exits = new ArrayList<>();
        Label epilogue;

        Body(long start, long[] e, int len, long total, boolean hilo, int[] latency) {
            this.hilo = hilo;
            this.latency = latency;
            this.start = start;
            this.e = e;
            this.len = len;
            this.total = total;
            this.branches = len >= 2 && branch(op(e[len - 2]));
        }

        void emit(MethodVisitor m) {
            mv = m;
            exits.clear();
            epilogue = new Label();
            int loadMask = used;
            // prologue
            mv.visitVarInsn(ALOAD, X);
            mv.visitFieldInsn(GETFIELD, CONTEXT, "readTag", "[J");
            mv.visitVarInsn(ASTORE, READ_TAG);
            mv.visitVarInsn(ALOAD, X);
            mv.visitFieldInsn(GETFIELD, CONTEXT, "readFrame", "[[B");
            mv.visitVarInsn(ASTORE, READ_FRAME);
            mv.visitVarInsn(ALOAD, X);
            mv.visitFieldInsn(GETFIELD, CONTEXT, "writeTag", "[J");
            mv.visitVarInsn(ASTORE, WRITE_TAG);
            mv.visitVarInsn(ALOAD, X);
            mv.visitFieldInsn(GETFIELD, CONTEXT, "writeFrame", "[[B");
            mv.visitVarInsn(ASTORE, WRITE_FRAME);
            for (int slot : new int[] {HITS, TARGET, DONE_N, DONE_CYCLES, VA, VPN, EXTRA}) {
                mv.visitInsn(LCONST_0);
                mv.visitVarInsn(LSTORE, slot);
            }
            mv.visitVarInsn(ALOAD, X);
            mv.visitFieldInsn(GETFIELD, CONTEXT, "hiloPending", "J");
            mv.visitVarInsn(LSTORE, READY);
            mv.visitInsn(ICONST_0);
            mv.visitVarInsn(ISTORE, SLOT);
            for (int k = 1; k < 32; k++) {
                if ((loadMask & (1 << k)) == 0) continue;
                mv.visitVarInsn(ALOAD, R);
                push(k);
                mv.visitInsn(LALOAD);
                mv.visitVarInsn(LSTORE, REGS + 2 * k);
            }
            Label top = new Label();
            mv.visitLabel(top);
            long cycles = 0;
            for (int k = 0; k < len; k++) {
                long pcK = start + 4L * k;
                int w = (int) e[k];
                int op = op(e[k]);
                boolean slot = branches && k == len - 1;
                Label bail = exitLater(pcK, slot, k, cycles);
                if (branch(op)) {
                    branchTarget(op, w, pcK);
                } else {
                    instruction(op, w, bail, cycles + staticCycles(e[k]));
                }
                cycles += staticCycles(e[k]);
            }
            if (branches) {
                long dest = staticDestination();
                if (dest == start && !hilo) { // a pass with hi/lo waits has no static price: the interpreter decides
                    // the loop back to the block's start: another pass if it fits the budget
                    Label leave = new Label();
                    mv.visitVarInsn(LLOAD, TARGET);
                    pushLong(start);
                    mv.visitInsn(LCMP);
                    mv.visitJumpInsn(IFNE, leave);
                    addTo(DONE_N, len);
                    addTo(DONE_CYCLES, total);
                    Label out = new Label();
                    mv.visitVarInsn(LLOAD, DONE_N);
                    pushLong(len);
                    mv.visitInsn(LADD);
                    mv.visitVarInsn(ALOAD, X);
                    mv.visitFieldInsn(GETFIELD, CONTEXT, "instructionsLeft", "J");
                    mv.visitInsn(LCMP);
                    mv.visitJumpInsn(IFGT, out);
                    mv.visitVarInsn(LLOAD, DONE_CYCLES);
                    pushLong(total);
                    mv.visitInsn(LADD);
                    mv.visitVarInsn(ALOAD, X);
                    mv.visitFieldInsn(GETFIELD, CONTEXT, "cyclesLeft", "J");
                    mv.visitInsn(LCMP);
                    mv.visitJumpInsn(IFLT, top);
                    mv.visitLabel(out);
                    exitNow(-1, -1, false, true, 0, 0);
                    mv.visitLabel(leave);
                }
                exitNow(-1, -1, false, true, len, total);
            } else {
                long next = start + 4L * len;
                exitNow(next, next + 4, false, false, len, total);
            }
            for (Runnable r : exits) r.run();
            mv.visitLabel(epilogue);
            mv.visitVarInsn(ALOAD, X);
            mv.visitVarInsn(LLOAD, HITS);
            mv.visitFieldInsn(PUTFIELD, CONTEXT, "hits", "J");
            for (int k = 1; k < 32; k++) {
                if ((written & (1 << k)) == 0) continue;
                mv.visitVarInsn(ALOAD, R);
                push(k);
                mv.visitVarInsn(LLOAD, REGS + 2 * k);
                mv.visitInsn(LASTORE);
            }
            mv.visitInsn(RETURN);
        }

        /** The branch's destination if it is one constant (a pc-relative branch or j/jal), else -1. */
        long staticDestination() {
            int k = len - 2;
            int op = op(e[k]);
            int w = (int) e[k];
            long pcB = start + 4L * k;
            switch (op) {
                case Op.J: case Op.JAL: return ((pcB + 4) & 0xFFFFFFFFF0000000L) | ((long) (w & 0x03FFFFFF) << 2);
                case Op.JR: case Op.JALR: return -1;
                default: return pcB + 4 + ((long) (short) w << 2);
            }
        }

        /** An exit emitted after the body, for a stop before instruction {@code k}; its label. */
        Label exitLater(long pcK, boolean delaySlot, int k, long cycles) {
            Label l = new Label();
            exits.add(() -> {
                mv.visitLabel(l);
                if (delaySlot) exitNow(pcK, -1, true, false, k, cycles);
                else exitNow(pcK, pcK + 4, false, false, k, cycles);
            });
            return l;
        }

        /** Stores the outcome; {@code pc} or {@code npc} -1 means the branch target and the one after it. */
        void exitNow(long pc, long npc, boolean delaySlot, boolean branched, long n, long cycles) {
            mv.visitVarInsn(ALOAD, X);
            if (pc == -1) mv.visitVarInsn(LLOAD, TARGET); else pushLong(pc);
            mv.visitFieldInsn(PUTFIELD, CONTEXT, "pc", "J");
            mv.visitVarInsn(ALOAD, X);
            if (npc == -1) {
                mv.visitVarInsn(LLOAD, TARGET);
                if (pc == -1) {
                    pushLong(4);
                    mv.visitInsn(LADD);
                }
            } else {
                pushLong(npc);
            }
            mv.visitFieldInsn(PUTFIELD, CONTEXT, "npc", "J");
            mv.visitVarInsn(ALOAD, X);
            mv.visitInsn(delaySlot ? ICONST_1 : ICONST_0);
            mv.visitFieldInsn(PUTFIELD, CONTEXT, "delaySlot", "Z");
            mv.visitVarInsn(ALOAD, X);
            mv.visitInsn(branched ? ICONST_1 : ICONST_0);
            mv.visitFieldInsn(PUTFIELD, CONTEXT, "branched", "Z");
            mv.visitVarInsn(ALOAD, X);
            mv.visitVarInsn(LLOAD, DONE_N);
            pushLong(n);
            mv.visitInsn(LADD);
            mv.visitFieldInsn(PUTFIELD, CONTEXT, "instructions", "J");
            mv.visitVarInsn(ALOAD, X);
            mv.visitVarInsn(LLOAD, DONE_CYCLES);
            pushLong(cycles);
            mv.visitInsn(LADD);
            if (hilo) {
                mv.visitVarInsn(LLOAD, EXTRA);
                mv.visitInsn(LADD);
            }
            mv.visitFieldInsn(PUTFIELD, CONTEXT, "cycles", "J");
            if (hilo) {
                mv.visitVarInsn(ALOAD, X);
                mv.visitVarInsn(LLOAD, READY);
                mv.visitFieldInsn(PUTFIELD, CONTEXT, "hiloReady", "J");
            }
            mv.visitJumpInsn(GOTO, epilogue);
        }

        void addTo(int local, long v) {
            mv.visitVarInsn(LLOAD, local);
            pushLong(v);
            mv.visitInsn(LADD);
            mv.visitVarInsn(LSTORE, local);
        }

        // ------------------------------------------------------------ registers and constants

        void get(int reg) {
            if (reg == 0) {
                mv.visitInsn(LCONST_0);
            } else {
                used |= 1 << reg;
                mv.visitVarInsn(LLOAD, REGS + 2 * reg);
            }
        }

        void getInt(int reg) {
            get(reg);
            mv.visitInsn(L2I);
        }

        /** Stores the long on the stack into {@code reg}; writes to $0 are dropped. */
        void set(int reg) {
            if (reg == 0) {
                mv.visitInsn(POP2);
            } else {
                used |= 1 << reg;
                written |= 1 << reg;
                mv.visitVarInsn(LSTORE, REGS + 2 * reg);
            }
        }

        void setInt(int reg) {
            mv.visitInsn(I2L);
            set(reg);
        }

        void push(int v) {
            if (v >= -1 && v <= 5) mv.visitInsn(ICONST_0 + v);
            else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) mv.visitIntInsn(BIPUSH, v);
            else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) mv.visitIntInsn(SIPUSH, v);
            else mv.visitLdcInsn(v);
        }

        void pushLong(long v) {
            if (v == 0) mv.visitInsn(LCONST_0);
            else if (v == 1) mv.visitInsn(LCONST_1);
            else mv.visitLdcInsn(v);
        }

        // ------------------------------------------------------------ instructions

        void instruction(int op, int w, Label bail, long now) {
            int rs = (w >>> 21) & 31, rt = (w >>> 16) & 31, rd = (w >>> 11) & 31, sa = (w >>> 6) & 31;
            short imm = (short) w;
            if (multiplyDivide(op)) {
                hiloWait(now);
                mv.visitVarInsn(ALOAD, S);
                push(op);
                get(rs);
                get(rt);
                mv.visitMethodInsn(INVOKESTATIC, CPU, "multiplyDivide", "(L" + STATE + ";IJJ)V", false);
                pushLong(now + latency[op]);
                mv.visitVarInsn(LLOAD, EXTRA);
                mv.visitInsn(LADD);
                mv.visitVarInsn(LSTORE, READY);
                return;
            }
            switch (op) {
                case Op.MFHI: case Op.MFLO:
                    hiloWait(now);
                    mv.visitVarInsn(ALOAD, S);
                    mv.visitFieldInsn(GETFIELD, STATE, op == Op.MFHI ? "hi" : "lo", "J");
                    set(rd);
                    return;
                case Op.MTHI: case Op.MTLO:
                    hiloWait(now);
                    mv.visitVarInsn(ALOAD, S);
                    get(rs);
                    mv.visitFieldInsn(PUTFIELD, STATE, op == Op.MTHI ? "hi" : "lo", "J");
                    return;
                case Op.SLL: intShift(rt, sa, ISHL, rd); return;
                case Op.SRL: intShift(rt, sa, IUSHR, rd); return;
                case Op.SRA: longShift(rt, sa, LSHR, rd); return;
                case Op.ROTR:
                    getInt(rt);
                    push(sa);
                    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "rotateRight", "(II)I", false);
                    setInt(rd);
                    return;
                case Op.SLLV: intShiftV(rt, rs, ISHL, rd); return;
                case Op.SRLV: intShiftV(rt, rs, IUSHR, rd); return;
                case Op.SRAV:
                    get(rt);
                    getInt(rs);
                    push(31);
                    mv.visitInsn(IAND);
                    mv.visitInsn(LSHR);
                    set(rd);
                    return;
                case Op.ROTRV:
                    getInt(rt);
                    getInt(rs);
                    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "rotateRight", "(II)I", false);
                    setInt(rd);
                    return;
                case Op.DSLL: longShift(rt, sa, LSHL, rd); return;
                case Op.DSRL: longShift(rt, sa, LUSHR, rd); return;
                case Op.DSRA: longShift(rt, sa, LSHR, rd); return;
                case Op.DROTR: longRotate(rt, sa, rd); return;
                case Op.DSLL32: longShift(rt, sa + 32, LSHL, rd); return;
                case Op.DSRL32: longShift(rt, sa + 32, LUSHR, rd); return;
                case Op.DSRA32: longShift(rt, sa + 32, LSHR, rd); return;
                case Op.DROTR32: longRotate(rt, sa + 32, rd); return;
                case Op.DSLLV: longShiftV(rt, rs, LSHL, rd); return;
                case Op.DSRLV: longShiftV(rt, rs, LUSHR, rd); return;
                case Op.DSRAV: longShiftV(rt, rs, LSHR, rd); return;
                case Op.DROTRV:
                    get(rt);
                    getInt(rs);
                    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "rotateRight", "(JI)J", false);
                    set(rd);
                    return;
                case Op.MOVZ: case Op.MOVN: {
                    if (rd == 0) return;
                    Label skip = new Label();
                    get(rt);
                    mv.visitInsn(LCONST_0);
                    mv.visitInsn(LCMP);
                    mv.visitJumpInsn(op == Op.MOVZ ? IFNE : IFEQ, skip);
                    get(rs);
                    set(rd);
                    mv.visitLabel(skip);
                    used |= 1 << rd; // written on one path only: its old value must be loaded
                    return;
                }
                case Op.ADDU: intOp(rs, rt, IADD, rd); return;
                case Op.SUBU: intOp(rs, rt, ISUB, rd); return;
                case Op.MUL: intOp(rs, rt, IMUL, rd); return;
                case Op.DADDU: longOp(rs, rt, LADD, rd); return;
                case Op.DSUBU: longOp(rs, rt, LSUB, rd); return;
                case Op.AND: longOp(rs, rt, LAND, rd); return;
                case Op.OR: longOp(rs, rt, LOR, rd); return;
                case Op.XOR: longOp(rs, rt, LXOR, rd); return;
                case Op.NOR:
                    get(rs);
                    get(rt);
                    mv.visitInsn(LOR);
                    pushLong(-1);
                    mv.visitInsn(LXOR);
                    set(rd);
                    return;
                case Op.SLT:
                    get(rs);
                    get(rt);
                    lessThan(false, rd);
                    return;
                case Op.SLTU:
                    get(rs);
                    get(rt);
                    lessThan(true, rd);
                    return;
                case Op.ADDIU:
                    getInt(rs);
                    push(imm);
                    mv.visitInsn(IADD);
                    setInt(rt);
                    return;
                case Op.DADDIU: longImm(rs, imm, LADD, rt); return;
                case Op.SLTI:
                    get(rs);
                    pushLong(imm);
                    lessThan(false, rt);
                    return;
                case Op.SLTIU:
                    get(rs);
                    pushLong(imm);
                    lessThan(true, rt);
                    return;
                case Op.ANDI: longImm(rs, w & 0xFFFF, LAND, rt); return;
                case Op.ORI: longImm(rs, w & 0xFFFF, LOR, rt); return;
                case Op.XORI: longImm(rs, w & 0xFFFF, LXOR, rt); return;
                case Op.LUI:
                    pushLong((long) (w << 16));
                    set(rt);
                    return;
                case Op.SYNC: case Op.PREF: case Op.SYNCI: return;
                case Op.LB: load(rs, imm, 1, "lb", rt, bail); return;
                case Op.LBU: load(rs, imm, 1, "lbu", rt, bail); return;
                case Op.LH: load(rs, imm, 2, "lh", rt, bail); return;
                case Op.LHU: load(rs, imm, 2, "lhu", rt, bail); return;
                case Op.LW: load(rs, imm, 4, "lw", rt, bail); return;
                case Op.LWU: load(rs, imm, 4, "lwu", rt, bail); return;
                case Op.LD: load(rs, imm, 8, "ld", rt, bail); return;
                case Op.SB: store(rs, imm, 1, "sb", rt, bail); return;
                case Op.SH: store(rs, imm, 2, "sh", rt, bail); return;
                case Op.SW: store(rs, imm, 4, "sw", rt, bail); return;
                case Op.SD: store(rs, imm, 8, "sd", rt, bail); return;
                default: throw new IllegalArgumentException(Op.name(op));
            }
        }

        /**
         * The wait of a hi/lo access whose static cycles end at {@code now} (from the block's entry,
         * without earlier waits): EXTRA grows to reach READY, as the interpreter's hiloWait.
         */
        void hiloWait(long now) {
            Label none = new Label();
            mv.visitVarInsn(LLOAD, READY);
            pushLong(now);
            mv.visitInsn(LSUB);
            mv.visitVarInsn(LLOAD, EXTRA);
            mv.visitInsn(LSUB);
            mv.visitInsn(DUP2);
            mv.visitVarInsn(LSTORE, VA);
            mv.visitInsn(LCONST_0);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFLE, none);
            mv.visitVarInsn(LLOAD, EXTRA);
            mv.visitVarInsn(LLOAD, VA);
            mv.visitInsn(LADD);
            mv.visitVarInsn(LSTORE, EXTRA);
            mv.visitLabel(none);
        }

        void intShift(int rt, int sa, int opcode, int rd) {
            getInt(rt);
            push(sa);
            mv.visitInsn(opcode);
            setInt(rd);
        }

        void intShiftV(int rt, int rs, int opcode, int rd) {
            getInt(rt);
            getInt(rs); // the JVM's int shifts take the count's low five bits, as (r[rs] & 31)
            mv.visitInsn(opcode);
            setInt(rd);
        }

        void longShift(int rt, int count, int opcode, int rd) {
            get(rt);
            push(count);
            mv.visitInsn(opcode);
            set(rd);
        }

        void longShiftV(int rt, int rs, int opcode, int rd) {
            get(rt);
            getInt(rs); // the JVM's long shifts take the count's low six bits
            mv.visitInsn(opcode);
            set(rd);
        }

        void longRotate(int rt, int count, int rd) {
            get(rt);
            push(count);
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "rotateRight", "(JI)J", false);
            set(rd);
        }

        void intOp(int rs, int rt, int opcode, int rd) {
            getInt(rs);
            getInt(rt);
            mv.visitInsn(opcode);
            setInt(rd);
        }

        void longOp(int rs, int rt, int opcode, int rd) {
            get(rs);
            get(rt);
            mv.visitInsn(opcode);
            set(rd);
        }

        void longImm(int rs, long v, int opcode, int rt) {
            get(rs);
            pushLong(v);
            mv.visitInsn(opcode);
            set(rt);
        }

        /** The two longs on the stack compared: 1 into {@code rd} if the first is less, else 0. */
        void lessThan(boolean unsigned, int rd) {
            if (unsigned) mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "compareUnsigned", "(JJ)I", false);
            else mv.visitInsn(LCMP);
            push(31);
            mv.visitInsn(IUSHR);
            setInt(rd);
        }

        /** Leaves the frame and offset of the access at {@code rs + imm} on the stack, or jumps to {@code bail}. */
        void address(int rs, short imm, int size, boolean write, Label bail) {
            get(rs);
            pushLong(imm);
            mv.visitInsn(LADD);
            mv.visitVarInsn(LSTORE, VA);
            if (size > 1) {
                mv.visitVarInsn(LLOAD, VA);
                mv.visitInsn(L2I);
                push(size - 1);
                mv.visitInsn(IAND);
                mv.visitJumpInsn(IFNE, bail);
            }
            mv.visitVarInsn(LLOAD, VA);
            push(GuestCpu.PAGE_BITS);
            mv.visitInsn(LUSHR);
            mv.visitVarInsn(LSTORE, VPN);
            mv.visitVarInsn(ALOAD, write ? WRITE_TAG : READ_TAG);
            mv.visitVarInsn(LLOAD, VPN);
            mv.visitInsn(L2I);
            push(GuestCpu.CACHE - 1);
            mv.visitInsn(IAND);
            mv.visitInsn(DUP);
            mv.visitVarInsn(ISTORE, SLOT);
            mv.visitInsn(LALOAD);
            mv.visitVarInsn(LLOAD, VPN);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFNE, bail);
            addTo(HITS, 1);
            mv.visitVarInsn(ALOAD, write ? WRITE_FRAME : READ_FRAME);
            mv.visitVarInsn(ILOAD, SLOT);
            mv.visitInsn(AALOAD);
            mv.visitVarInsn(LLOAD, VA);
            mv.visitInsn(L2I);
            push(GuestCpu.PAGE_MASK);
            mv.visitInsn(IAND);
        }

        void load(int rs, short imm, int size, String name, int rt, Label bail) {
            address(rs, imm, size, false, bail);
            mv.visitMethodInsn(INVOKESTATIC, OPS, name, "([BI)J", false);
            set(rt);
        }

        void store(int rs, short imm, int size, String name, int rt, Label bail) {
            address(rs, imm, size, true, bail);
            get(rt);
            mv.visitMethodInsn(INVOKESTATIC, OPS, name, "([BIJ)V", false);
        }

        /** Evaluates the branch or jump at {@code pcB} into TARGET (the pc after its delay slot) and writes its link. */
        void branchTarget(int op, int w, long pcB) {
            int rs = (w >>> 21) & 31, rt = (w >>> 16) & 31, rd = (w >>> 11) & 31;
            long link = pcB + 8;
            long dest = pcB + 4 + ((long) (short) w << 2);
            switch (op) {
                case Op.J: case Op.JAL:
                    pushLong(((pcB + 4) & 0xFFFFFFFFF0000000L) | ((long) (w & 0x03FFFFFF) << 2));
                    mv.visitVarInsn(LSTORE, TARGET);
                    if (op == Op.JAL) {
                        pushLong(link);
                        set(31);
                    }
                    return;
                case Op.JR: case Op.JALR:
                    get(rs);
                    mv.visitVarInsn(LSTORE, TARGET);
                    if (op == Op.JALR) {
                        pushLong(link);
                        set(rd);
                    }
                    return;
                default:
                    break;
            }
            Label notTaken = new Label(), join = new Label();
            get(rs);
            if (op == Op.BEQ || op == Op.BNE) get(rt); else mv.visitInsn(LCONST_0);
            mv.visitInsn(LCMP);
            int skip;
            switch (op) {
                case Op.BEQ: skip = IFNE; break;
                case Op.BNE: skip = IFEQ; break;
                case Op.BLEZ: skip = IFGT; break;
                case Op.BGTZ: skip = IFLE; break;
                case Op.BLTZ: case Op.BLTZAL: skip = IFGE; break;
                default: skip = IFLT; break; // BGEZ, BGEZAL
            }
            mv.visitJumpInsn(skip, notTaken);
            pushLong(dest);
            mv.visitVarInsn(LSTORE, TARGET);
            mv.visitJumpInsn(GOTO, join);
            mv.visitLabel(notTaken);
            pushLong(link);
            mv.visitVarInsn(LSTORE, TARGET);
            mv.visitLabel(join);
            if (op == Op.BLTZAL || op == Op.BGEZAL) {
                pushLong(link);
                set(31);
            }
        }
    }
}
