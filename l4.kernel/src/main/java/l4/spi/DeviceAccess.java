package l4.spi;

/** How drivers reach device registers on this architecture. */
public enum DeviceAccess {
    /** ix86: I/O ports, granted by σ0 as I/O fpages. */
    IO_PORTS,
    /** MIPS: memory-mapped registers, mapped uncached through σ0's special protocol. */
    MEMORY_MAPPED
}
