package l4.loader.elf;

/** A file that is no loadable executable for the machine; the message is one line saying why. */
public final class ElfFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ElfFormatException(String message) {
        super(message);
    }
}
