package l4.linuxserver.mm;

/** One 4 KiB frame of the server's memory: its number (what a mapping names) and its bytes. */
public record Frame(long number, byte[] bytes) {}
