package l4.arch.mips.cpu;

/**
 * An exception the guest CPU stopped at, as the R4x00 reports it in CP0: {@code code} is the Cause
 * ExcCode, {@code epc} the restart address (the branch when {@code branchDelay}), {@code badVaddr}
 * the faulting address of TLB and address-error exceptions, {@code coprocessor} the Cause CE field
 * of a Coprocessor Unusable exception. The kernel's TLB refill runs inside the MMU model, so TLBL
 * and TLBS mean that the refill found no mapping (a page fault); Mod that a store hit a page mapped
 * read-only.
 */
public record GuestException(int code, long epc, long badVaddr, boolean branchDelay, int coprocessor) {
    public static final int INT = 0;
    public static final int MOD = 1;
    public static final int TLBL = 2;
    public static final int TLBS = 3;
    public static final int ADEL = 4;
    public static final int ADES = 5;
    public static final int IBE = 6;
    public static final int DBE = 7;
    public static final int SYS = 8;
    public static final int BP = 9;
    public static final int RI = 10;
    public static final int CPU = 11;
    public static final int OV = 12;
    public static final int TR = 13;
    public static final int FPE = 15;

    private static final String[] NAMES = {"Int", "Mod", "TLBL", "TLBS", "AdEL", "AdES", "IBE", "DBE", "Sys", "Bp",
        "RI", "CpU", "Ov", "Tr", "14", "FPE"};

    public static String name(int code) {
        return code >= 0 && code < NAMES.length ? NAMES[code] : String.valueOf(code);
    }

    /** The Cause register: ExcCode, CE and BD. */
    public long cause() {
        return cause(code, branchDelay, coprocessor);
    }

    /** The Cause register of an exception with {@code code}, taken in a delay slot or not, of {@code coprocessor}. */
    static long cause(int code, boolean branchDelay, int coprocessor) {
        return (branchDelay ? 1L << 31 : 0) | ((long) (coprocessor & 3) << 28) | ((code & 0x1F) << 2);
    }

    @Override
    public String toString() {
        return String.format("%s at 0x%x%s, badvaddr 0x%x", name(code), epc, branchDelay ? " (delay slot)" : "", badVaddr);
    }
}
