package l4.arch.mips.cpu;

/**
 * The floating-point unit of a MIPS64 release 2 CPU in legacy NaN mode (FCSR.NAN2008 = 0), as
 * Debian's n64 binaries run it (Status.FR = 1: 32 64-bit registers). IEEE 754 arithmetic in the
 * four FCSR rounding modes with the five flags, their causes and enables (an enabled cause raises
 * FPE and leaves the destination alone). A NaN result is always the default NaN of the legacy
 * encoding (single 0x7FBFFFFF, double 0x7FF7FFFFFFFFFFFF: the quiet bit clear), as the
 * architecture prescribes without NAN2008 and qemu produces; an operand with the quiet bit SET is
 * a signaling NaN and raises Invalid. A conversion to an integer that is out of range or from a
 * NaN yields 2^31 - 1 (2^63 - 1) and Invalid. abs, neg and mov only move bits.
 *
 * Java arithmetic rounds to nearest; the directed modes are derived from the exact error of that
 * result (TwoSum, fma), which decides the neighbour to step to.
 */
final class Fpu {
    static final int DEFAULT_NAN_S = 0x7FBFFFFF;
    static final long DEFAULT_NAN_D = 0x7FF7FFFFFFFFFFFFL;
    /** FIR: single, double, paired single, MIPS-3D, word, long, 64-bit registers (qemu's MIPS64R2-generic). */
    static final int FIR = 0x007F0000;
    /** FCSR bits ctc1 may change: RM, flags, enables, cause, FS, the condition codes. */
    static final int FCSR_WRITABLE = 0xFF83FFFF;

    static final int RN = 0, RZ = 1, RP = 2, RM = 3;
    static final int INEXACT = 1, UNDERFLOW = 2, OVERFLOW = 4, DIVZERO = 8, INVALID = 16;

    private static final long INT32_INVALID = 0x7FFFFFFFL;
    private static final long INT64_INVALID = 0x7FFFFFFFFFFFFFFFL;

    private final GuestTrap trap;
    private GuestState st;
    private int flags;

    Fpu(GuestTrap trap) {
        this.trap = trap;
    }

    // ---- FCSR ----

    static boolean condition(int fcsr, int cc) {
        return ((fcsr >>> (cc == 0 ? 23 : 24 + cc)) & 1) != 0;
    }

    private static int withCondition(int fcsr, int cc, boolean value) {
        int bit = 1 << (cc == 0 ? 23 : 24 + cc);
        return value ? fcsr | bit : fcsr & ~bit;
    }

    long readControl(GuestState s, int reg) {
        int f = s.fcsr;
        switch (reg) {
            case 0: return FIR;
            case 25: return ((f >>> 24) & 0xFE) | ((f >>> 23) & 1);
            case 26: return f & 0x0003F07C;
            case 28: return (f & 0x00000F83) | ((f >>> 22) & 4);
            case 31: return (long) f;
            default: throw trap.raise(GuestException.RI, 0);
        }
    }

    void writeControl(GuestState s, int reg, long value) {
        int v = (int) value;
        int f = s.fcsr;
        switch (reg) {
            case 25: f = (f & 0x017FFFFF) | ((v & 0xFE) << 24) | ((v & 1) << 23); break;
            case 26: f = (f & 0xFFFC0F83) | (v & 0x0003F07C); break;
            case 28: f = (f & 0xFEFFF07C) | (v & 0x00000F83) | ((v & 4) << 22); break;
            case 31: f = (v & FCSR_WRITABLE) | (f & ~FCSR_WRITABLE); break;
            default: throw trap.raise(GuestException.RI, 0);
        }
        s.fcsr = f;
        int cause = (f >>> 12) & 0x3F;
        int enables = ((f >>> 7) & 0x1F) | 0x20; // Unimplemented Operation is always enabled
        if ((cause & enables) != 0) throw trap.raise(GuestException.FPE, 0);
    }

    /** Ends an arithmetic instruction: Cause = its flags; trap if enabled, else accumulate. */
    private void finish() {
        int f = st.fcsr;
        f = (f & ~(0x3F << 12)) | (flags << 12);
        if ((flags & (f >>> 7) & 0x1F) != 0) {
            st.fcsr = f;
            throw trap.raise(GuestException.FPE, 0);
        }
        st.fcsr = f | (flags << 2);
    }

    private int mode() {
        return st.fcsr & 3;
    }

    // ---- classification (legacy encoding: quiet bit set = signaling) ----

    private static boolean isNaN(int b) { return (b & 0x7FFFFFFF) > 0x7F800000; }
    private static boolean isNaN(long b) { return (b & 0x7FFFFFFFFFFFFFFFL) > 0x7FF0000000000000L; }
    private static boolean isSNaN(int b) { return isNaN(b) && (b & 0x00400000) != 0; }
    private static boolean isSNaN(long b) { return isNaN(b) && (b & 0x0008000000000000L) != 0; }

    // ---- rounding ----

    // The rounding mode's decisions are the same for both formats; roundD and roundS apply them.

    /**
     * Which way the current mode moves a result rounded to nearest whose error (exact − result)
     * has sign {@code errSign}: +1 to the next value up, −1 down, 0 not at all.
     */
    private int directedStep(int errSign, boolean negative, boolean positive) {
        switch (mode()) {
            case RZ: return errSign > 0 && negative ? 1 : errSign < 0 && positive ? -1 : 0;
            case RP: return errSign > 0 ? 1 : 0;
            case RM: return errSign < 0 ? -1 : 0;
            default: return 0;
        }
    }

    /** Whether an overflow of the given sign gives an infinity in the current mode (else the largest finite value). */
    private boolean overflowsToInfinity(boolean positive) {
        switch (mode()) {
            case RZ: return false;
            case RP: return positive;
            case RM: return !positive;
            default: return true;
        }
    }

    private double roundD(double r, int errSign, boolean finiteOperands) {
        if (Double.isInfinite(r)) {
            if (!finiteOperands) return r;
            flags |= OVERFLOW | INEXACT;
            boolean positive = r > 0;
            double magnitude = overflowsToInfinity(positive) ? Double.POSITIVE_INFINITY : Double.MAX_VALUE;
            return positive ? magnitude : -magnitude;
        }
        if (errSign != 0) {
            flags |= INEXACT;
            int step = directedStep(errSign, r < 0, r > 0);
            if (step > 0) r = Math.nextUp(r);
            else if (step < 0) r = Math.nextDown(r);
            if (Double.isInfinite(r)) flags |= OVERFLOW;
            if (Math.abs(r) < Double.MIN_NORMAL) flags |= UNDERFLOW;
        }
        return r;
    }

    private float roundS(float r, int errSign, boolean finiteOperands) {
        if (Float.isInfinite(r)) {
            if (!finiteOperands) return r;
            flags |= OVERFLOW | INEXACT;
            boolean positive = r > 0;
            float magnitude = overflowsToInfinity(positive) ? Float.POSITIVE_INFINITY : Float.MAX_VALUE;
            return positive ? magnitude : -magnitude;
        }
        if (errSign != 0) {
            flags |= INEXACT;
            int step = directedStep(errSign, r < 0, r > 0);
            if (step > 0) r = Math.nextUp(r);
            else if (step < 0) r = Math.nextDown(r);
            if (Float.isInfinite(r)) flags |= OVERFLOW;
            if (Math.abs(r) < Float.MIN_NORMAL) flags |= UNDERFLOW;
        }
        return r;
    }

    private static int sign(double e) { return e > 0 ? 1 : e < 0 ? -1 : 0; }
    private static int sign(float e) { return e > 0 ? 1 : e < 0 ? -1 : 0; }

    // ---- double arithmetic on bit patterns ----

    private long nanD(long a, long b) {
        if (isSNaN(a) || isSNaN(b)) flags |= INVALID;
        return DEFAULT_NAN_D;
    }

    long addD(long a, long b) {
        if (isNaN(a) || isNaN(b)) return nanD(a, b);
        double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
        double r = x + y;
        if (Double.isNaN(r)) { flags |= INVALID; return DEFAULT_NAN_D; }
        if (Double.isInfinite(r)) return Double.doubleToRawLongBits(roundD(r, 0, !Double.isInfinite(x) && !Double.isInfinite(y)));
        double bb = r - x;
        double err = (x - (r - bb)) + (y - bb);
        if (r == 0 && err == 0) {
            boolean bothNegZero = a == Long.MIN_VALUE && b == Long.MIN_VALUE;
            boolean bothPosZero = a == 0 && b == 0;
            if (mode() == RM && !bothPosZero) return Long.MIN_VALUE;
            return bothNegZero ? Long.MIN_VALUE : 0L;
        }
        return Double.doubleToRawLongBits(roundD(r, sign(err), true));
    }

    long mulD(long a, long b) {
        if (isNaN(a) || isNaN(b)) return nanD(a, b);
        double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
        double r = x * y;
        if (Double.isNaN(r)) { flags |= INVALID; return DEFAULT_NAN_D; }
        if (Double.isInfinite(r)) return Double.doubleToRawLongBits(roundD(r, 0, !Double.isInfinite(x) && !Double.isInfinite(y)));
        double err = Math.fma(x, y, -r);
        if (err == 0 && r != 0 && Math.abs(r) < 0x1p-960) err = tinyProductError(x, y, r);
        return Double.doubleToRawLongBits(roundD(r, sign(err), true));
    }

    /** The sign of x*y - r when the fma's residual may have underflowed: exactly, by scaling. */
    private static double tinyProductError(double x, double y, double r) {
        java.math.BigDecimal exact = new java.math.BigDecimal(x).multiply(new java.math.BigDecimal(y));
        return exact.compareTo(new java.math.BigDecimal(r));
    }

    long divD(long a, long b) {
        if (isNaN(a) || isNaN(b)) return nanD(a, b);
        double x = Double.longBitsToDouble(a), y = Double.longBitsToDouble(b);
        double r = x / y;
        if (Double.isNaN(r)) { flags |= INVALID; return DEFAULT_NAN_D; }
        if (y == 0) {
            if (!Double.isInfinite(x)) flags |= DIVZERO;
            return Double.doubleToRawLongBits(r);
        }
        if (Double.isInfinite(r)) return Double.doubleToRawLongBits(roundD(r, 0, !Double.isInfinite(x)));
        if (Double.isInfinite(y) || r == 0 && x == 0) return Double.doubleToRawLongBits(r);
        int s = new java.math.BigDecimal(x).compareTo(new java.math.BigDecimal(r).multiply(new java.math.BigDecimal(y)));
        return Double.doubleToRawLongBits(roundD(r, y > 0 ? s : -s, true));
    }

    long sqrtD(long a) {
        if (isNaN(a)) return nanD(a, a);
        double x = Double.longBitsToDouble(a);
        if (x < 0) { flags |= INVALID; return DEFAULT_NAN_D; }
        double r = Math.sqrt(x);
        if (Double.isInfinite(r) || r == 0) return Double.doubleToRawLongBits(r);
        double err = Math.fma(-r, r, x);
        return Double.doubleToRawLongBits(roundD(r, sign(err), true));
    }

    // ---- single arithmetic ----

    private int nanS(int a, int b) {
        if (isSNaN(a) || isSNaN(b)) flags |= INVALID;
        return DEFAULT_NAN_S;
    }

    int addS(int a, int b) {
        if (isNaN(a) || isNaN(b)) return nanS(a, b);
        float x = Float.intBitsToFloat(a), y = Float.intBitsToFloat(b);
        float r = x + y;
        if (Float.isNaN(r)) { flags |= INVALID; return DEFAULT_NAN_S; }
        if (Float.isInfinite(r)) return Float.floatToRawIntBits(roundS(r, 0, !Float.isInfinite(x) && !Float.isInfinite(y)));
        float bb = r - x;
        float err = (x - (r - bb)) + (y - bb);
        if (r == 0 && err == 0) {
            boolean bothNegZero = a == Integer.MIN_VALUE && b == Integer.MIN_VALUE;
            boolean bothPosZero = a == 0 && b == 0;
            if (mode() == RM && !bothPosZero) return Integer.MIN_VALUE;
            return bothNegZero ? Integer.MIN_VALUE : 0;
        }
        return Float.floatToRawIntBits(roundS(r, sign(err), true));
    }

    int mulS(int a, int b) {
        if (isNaN(a) || isNaN(b)) return nanS(a, b);
        float x = Float.intBitsToFloat(a), y = Float.intBitsToFloat(b);
        double exact = (double) x * (double) y;
        float r = (float) exact;
        if (Float.isNaN(r)) { flags |= INVALID; return DEFAULT_NAN_S; }
        if (Float.isInfinite(r)) return Float.floatToRawIntBits(roundS(r, 0, !Float.isInfinite(x) && !Float.isInfinite(y)));
        return Float.floatToRawIntBits(roundS(r, Double.compare(exact, r) == 0 ? 0 : exact > r ? 1 : -1, true));
    }

    int divS(int a, int b) {
        if (isNaN(a) || isNaN(b)) return nanS(a, b);
        float x = Float.intBitsToFloat(a), y = Float.intBitsToFloat(b);
        float r = (float) ((double) x / (double) y);
        if (Float.isNaN(r)) { flags |= INVALID; return DEFAULT_NAN_S; }
        if (y == 0) {
            if (!Float.isInfinite(x)) flags |= DIVZERO;
            return Float.floatToRawIntBits(x / y);
        }
        if (Float.isInfinite(r)) return Float.floatToRawIntBits(roundS(r, 0, !Float.isInfinite(x)));
        if (Float.isInfinite(y) || r == 0 && x == 0) return Float.floatToRawIntBits(r);
        double residual = Math.fma(-(double) r, (double) y, (double) x); // exact: r*y has 48 bits
        int s = sign(residual);
        return Float.floatToRawIntBits(roundS(r, y > 0 ? s : -s, true));
    }

    int sqrtS(int a) {
        if (isNaN(a)) return nanS(a, a);
        float x = Float.intBitsToFloat(a);
        if (x < 0) { flags |= INVALID; return DEFAULT_NAN_S; }
        float r = (float) Math.sqrt(x);
        if (Float.isInfinite(r) || r == 0) return Float.floatToRawIntBits(r);
        double residual = (double) x - (double) r * (double) r; // r*r exact in double
        return Float.floatToRawIntBits(roundS(r, sign(residual), true));
    }

    // ---- conversions ----

    private long toIntD(long a, int roundMode, boolean word) {
        if (isNaN(a)) { flags |= INVALID; return word ? INT32_INVALID : INT64_INVALID; }
        double x = Double.longBitsToDouble(a);
        double i = integral(x, roundMode);
        double lo = word ? -0x1p31 : -0x1p63, hi = word ? 0x1p31 : 0x1p63;
        if (!(i >= lo && i < hi)) { flags |= INVALID; return word ? INT32_INVALID : INT64_INVALID; }
        if (i != x) flags |= INEXACT;
        long v = (long) i;
        return word ? v & 0xFFFFFFFFL : v;
    }

    private static double integral(double x, int roundMode) {
        switch (roundMode) {
            case RZ: return x < 0 ? Math.ceil(x) : Math.floor(x);
            case RP: return Math.ceil(x);
            case RM: return Math.floor(x);
            default: return Math.rint(x);
        }
    }

    private double intToD(long v) {
        double r = (double) v;
        int err = r >= 0x1p63 ? -1 : Long.compare(v, (long) r);
        return roundD(r, err, true);
    }

    private float intToS(long v) {
        float r = (float) v;
        int err = r >= 0x1p63f ? -1 : Long.compare(v, (long) r);
        return roundS(r, err, true);
    }

    private int dToS(long a) {
        if (isNaN(a)) return nanS(isSNaN(a) ? DEFAULT_NAN_S | 0x00400000 : DEFAULT_NAN_S, 0);
        double x = Double.longBitsToDouble(a);
        float r = (float) x;
        if (Float.isInfinite(r) && !Double.isInfinite(x)) return Float.floatToRawIntBits(roundS(r, 0, true));
        if (Float.isInfinite(r)) return Float.floatToRawIntBits(r);
        int err = Double.compare(x, r) == 0 || x == r ? 0 : x > r ? 1 : -1;
        return Float.floatToRawIntBits(roundS(r, err, true));
    }

    private long sToD(int a) {
        if (isNaN(a)) return nanD(isSNaN(a) ? DEFAULT_NAN_D | 0x0008000000000000L : DEFAULT_NAN_D, 0);
        return Double.doubleToRawLongBits(Float.intBitsToFloat(a));
    }

    // ---- compares ----

    private boolean compare(boolean unordered, int less, boolean signalingOperand, int cond) {
        if (unordered && ((cond & 8) != 0 || signalingOperand)) flags |= INVALID;
        boolean r = false;
        if ((cond & 1) != 0 && unordered) r = true;
        if ((cond & 2) != 0 && !unordered && less == 0) r = true;
        if ((cond & 4) != 0 && !unordered && less < 0) r = true;
        return r;
    }

    // ---- instruction execution ----

    private static int lo(long reg) { return (int) reg; }

    private static long withLo(long reg, int v) { return (reg & 0xFFFFFFFF00000000L) | (v & 0xFFFFFFFFL); }

    /** Executes a COP1 computational instruction (fmt S, D, W, L) decoded as {@code op}. */
    void execute(GuestState s, int op, int w) {
        st = s;
        flags = 0;
        long[] f = s.fpr;
        int ft = (w >>> 16) & 31, fs = (w >>> 11) & 31, fd = (w >>> 6) & 31;
        long a = f[fs], b = f[ft];
        switch (op) {
            case Op.ADD_S: f[fd] = result(f[fd], addS(lo(a), lo(b))); return;
            case Op.SUB_S: f[fd] = result(f[fd], addS(lo(a), lo(b) ^ Integer.MIN_VALUE, lo(b))); return;
            case Op.MUL_S: f[fd] = result(f[fd], mulS(lo(a), lo(b))); return;
            case Op.DIV_S: f[fd] = result(f[fd], divS(lo(a), lo(b))); return;
            case Op.SQRT_S: f[fd] = result(f[fd], sqrtS(lo(a))); return;
            case Op.RECIP_S: f[fd] = result(f[fd], divS(Float.floatToRawIntBits(1f), lo(a))); return;
            case Op.RSQRT_S: {
                int r = sqrtS(lo(a));
                f[fd] = result(f[fd], divS(Float.floatToRawIntBits(1f), r));
                return;
            }
            case Op.ADD_D: f[fd] = resultD(addD(a, b)); return;
            case Op.SUB_D: f[fd] = resultD(subD(a, b)); return;
            case Op.MUL_D: f[fd] = resultD(mulD(a, b)); return;
            case Op.DIV_D: f[fd] = resultD(divD(a, b)); return;
            case Op.SQRT_D: f[fd] = resultD(sqrtD(a)); return;
            case Op.RECIP_D: f[fd] = resultD(divD(Double.doubleToRawLongBits(1.0), a)); return;
            case Op.RSQRT_D: {
                long r = sqrtD(a);
                f[fd] = resultD(divD(Double.doubleToRawLongBits(1.0), r));
                return;
            }
            case Op.ABS_S: f[fd] = withLo(f[fd], lo(a) & 0x7FFFFFFF); return;
            case Op.NEG_S: f[fd] = withLo(f[fd], lo(a) ^ 0x80000000); return;
            case Op.MOV_S: f[fd] = withLo(f[fd], lo(a)); return;
            case Op.ABS_D: f[fd] = a & 0x7FFFFFFFFFFFFFFFL; return;
            case Op.NEG_D: f[fd] = a ^ Long.MIN_VALUE; return;
            case Op.MOV_D: f[fd] = a; return;
            case Op.MOVCF_S: if (condition(s.fcsr, ft >>> 2) == ((ft & 1) != 0)) f[fd] = withLo(f[fd], lo(a)); return;
            case Op.MOVCF_D: if (condition(s.fcsr, ft >>> 2) == ((ft & 1) != 0)) f[fd] = a; return;
            case Op.MOVZ_S: if (s.gpr[ft] == 0) f[fd] = withLo(f[fd], lo(a)); return;
            case Op.MOVZ_D: if (s.gpr[ft] == 0) f[fd] = a; return;
            case Op.MOVN_S: if (s.gpr[ft] != 0) f[fd] = withLo(f[fd], lo(a)); return;
            case Op.MOVN_D: if (s.gpr[ft] != 0) f[fd] = a; return;
            case Op.ROUND_L_S: case Op.TRUNC_L_S: case Op.CEIL_L_S: case Op.FLOOR_L_S:
                f[fd] = resultD(toIntD(sToDExact(lo(a)), (op - Op.ROUND_L_S) & 3, false)); return;
            case Op.ROUND_W_S: case Op.TRUNC_W_S: case Op.CEIL_W_S: case Op.FLOOR_W_S:
                f[fd] = result(f[fd], (int) toIntD(sToDExact(lo(a)), (op - Op.ROUND_W_S) & 3, true)); return;
            case Op.CVT_L_S: f[fd] = resultD(toIntD(sToDExact(lo(a)), mode(), false)); return;
            case Op.CVT_W_S: f[fd] = result(f[fd], (int) toIntD(sToDExact(lo(a)), mode(), true)); return;
            case Op.ROUND_L_D: case Op.TRUNC_L_D: case Op.CEIL_L_D: case Op.FLOOR_L_D:
                f[fd] = resultD(toIntD(a, (op - Op.ROUND_L_D) & 3, false)); return;
            case Op.ROUND_W_D: case Op.TRUNC_W_D: case Op.CEIL_W_D: case Op.FLOOR_W_D:
                f[fd] = result(f[fd], (int) toIntD(a, (op - Op.ROUND_W_D) & 3, true)); return;
            case Op.CVT_L_D: f[fd] = resultD(toIntD(a, mode(), false)); return;
            case Op.CVT_W_D: f[fd] = result(f[fd], (int) toIntD(a, mode(), true)); return;
            case Op.CVT_D_S: f[fd] = resultD(sToD(lo(a))); return;
            case Op.CVT_S_D: f[fd] = result(f[fd], dToS(a)); return;
            case Op.CVT_S_W: f[fd] = result(f[fd], Float.floatToRawIntBits(intToS(lo(a)))); return;
            case Op.CVT_D_W: f[fd] = resultD(Double.doubleToRawLongBits(intToD(lo(a)))); return;
            case Op.CVT_S_L: f[fd] = result(f[fd], Float.floatToRawIntBits(intToS(a))); return;
            case Op.CVT_D_L: f[fd] = resultD(Double.doubleToRawLongBits(intToD(a))); return;
            case Op.C_S: {
                int x = lo(a), y = lo(b);
                boolean un = isNaN(x) || isNaN(y);
                int less = un ? 0 : Float.compare(Float.intBitsToFloat(x) + 0f, Float.intBitsToFloat(y) + 0f);
                boolean r = compare(un, less, isSNaN(x) || isSNaN(y), w & 15);
                finish();
                s.fcsr = withCondition(s.fcsr, fd >>> 2, r);
                return;
            }
            case Op.C_D: {
                boolean un = isNaN(a) || isNaN(b);
                int less = un ? 0 : Double.compare(Double.longBitsToDouble(a) + 0.0, Double.longBitsToDouble(b) + 0.0);
                boolean r = compare(un, less, isSNaN(a) || isSNaN(b), w & 15);
                finish();
                s.fcsr = withCondition(s.fcsr, fd >>> 2, r);
                return;
            }
            default: throw trap.raise(GuestException.RI, 0);
        }
    }

    private int addS(int a, int negB, int b) {
        return isNaN(b) ? addS(a, b) : addS(a, negB);
    }

    private long subD(long a, long b) {
        return isNaN(b) ? addD(a, b) : addD(a, b ^ Long.MIN_VALUE);
    }

    /** A single operand widened exactly (NaNs keep their class for the integer conversions). */
    private static long sToDExact(int a) {
        if (isNaN(a)) return DEFAULT_NAN_D;
        return Double.doubleToRawLongBits(Float.intBitsToFloat(a));
    }

    private long result(long old, int v) {
        finish();
        return withLo(old, v);
    }

    private long resultD(long v) {
        finish();
        return v;
    }

    /** madd/msub/nmadd/nmsub.fmt (COP1X): fd = ±(fs * ft ± fr), two roundings as on release 2. */
    void multiplyAdd(GuestState s, int op, int w) {
        st = s;
        flags = 0;
        long[] f = s.fpr;
        int fr = (w >>> 21) & 31, ft = (w >>> 16) & 31, fs = (w >>> 11) & 31, fd = (w >>> 6) & 31;
        boolean single = op == Op.MADD_S || op == Op.MSUB_S || op == Op.NMADD_S || op == Op.NMSUB_S;
        boolean subtract = op == Op.MSUB_S || op == Op.MSUB_D || op == Op.NMSUB_S || op == Op.NMSUB_D;
        boolean negate = op == Op.NMADD_S || op == Op.NMADD_D || op == Op.NMSUB_S || op == Op.NMSUB_D;
        if (single) {
            int p = mulS(lo(f[fs]), lo(f[ft]));
            int r = subtract ? addS(p, lo(f[fr]) ^ Integer.MIN_VALUE, lo(f[fr])) : addS(p, lo(f[fr]));
            if (negate) r ^= Integer.MIN_VALUE;
            f[fd] = result(f[fd], r);
        } else {
            long p = mulD(f[fs], f[ft]);
            long r = subtract ? subD(p, f[fr]) : addD(p, f[fr]);
            if (negate) r ^= Long.MIN_VALUE;
            f[fd] = resultD(r);
        }
    }
}
