package l4.linuxserver.sys;

/**
 * The reboot system call's numbers ({@code include/uapi/linux/reboot.h}, the same on every
 * architecture) and what it does with them ({@code kernel/reboot.c}): only root may call it, the
 * two magic numbers must match, and the commands this system has are restart (with or without a
 * command string), halt, power off and the Ctrl-Alt-Del switch; kexec and suspend are not built
 * in, so they are EINVAL as every unknown command.
 */
public final class Reboot {
    static final int MAGIC1 = 0xfee1dead;
    static final int MAGIC2 = 672274793, MAGIC2A = 85072278, MAGIC2B = 369367448, MAGIC2C = 537993216;
    static final int CMD_RESTART = 0x01234567, CMD_HALT = 0xCDEF0123, CMD_CAD_ON = 0x89ABCDEF, CMD_CAD_OFF = 0,
            CMD_POWER_OFF = 0x4321FEDC, CMD_RESTART2 = 0xA1B2C3D4;
    /** The longest command string of a restart that Linux reads (its buffer of 256 bytes with the 0). */
    static final int RESTART2_MAX = 255;

    private Reboot() {}

    /** How the system went down: whether it starts again, and the line the kernel printed. */
    public record Shutdown(boolean restart, String message) {}

    static boolean magicValid(int magic1, int magic2) {
        return magic1 == MAGIC1 && (magic2 == MAGIC2 || magic2 == MAGIC2A || magic2 == MAGIC2B || magic2 == MAGIC2C);
    }

    /** The shutdown {@code cmd} asks for (restart, halt, power off), or null for any other command. */
    static Shutdown shutdownFor(int cmd, String restartCommand) {
        return switch (cmd) {
            case CMD_RESTART -> new Shutdown(true, "reboot: Restarting system");
            case CMD_RESTART2 -> new Shutdown(true, "reboot: Restarting system with command '" + restartCommand + "'");
            case CMD_HALT -> new Shutdown(false, "reboot: System halted");
            case CMD_POWER_OFF -> new Shutdown(false, "reboot: Power down");
            default -> null;
        };
    }
}
