package l4.loader.elf;

/**
 * The values of the auxiliary vector that come from the program and the process (the addresses
 * of AT_RANDOM, AT_EXECFN and the platform strings come from the stack layout itself).
 */
public record AuxValues(long phdr, long phent, long phnum, long entry, long uid, long euid, long gid, long egid, long hwcap,
                        long clockTicks, long secure) {
    /** For {@code elf}: root's ids, no hardware capabilities beyond the base ISA, 100 clock ticks (USER_HZ). */
    public static AuxValues of(ElfFile elf) {
        return new AuxValues(elf.programHeaderAddress(), ElfFile.PHDR_SIZE, elf.programHeaderCount(), elf.entry(), 0, 0, 0, 0,
                0, 100, 0);
    }
}
