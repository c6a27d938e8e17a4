package l4.sigma0;

/** The two architectures σ0 speaks to; they differ in word width and request encodings. */
enum Arch {
    IX86(0xFFFF_FFFFL),
    MIPS(-1L);

    private final long wordMask;

    Arch(long wordMask) {
        this.wordMask = wordMask;
    }

    /** Cuts a register word to the machine width (ix86 words may arrive sign-extended). */
    long word(long value) {
        return value & wordMask;
    }

    /** Maps {@code l4.architecture()} to an Arch; an unknown name falls back on the word size. */
    static Arch of(String name, int wordBytes) {
        if ("mips".equals(name)) return MIPS;
        if ("ix86".equals(name)) return IX86;
        return wordBytes == 8 ? MIPS : IX86;
    }
}
