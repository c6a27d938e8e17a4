package l4.linuxserver.sys;

/** One signal's disposition: handler (0 = SIG_DFL, 1 = SIG_IGN), flags and mask in the ABI's encoding. */
public record SigAction(long handler, long flags, long mask0, long mask1, long restorer) {
    public static final SigAction DEFAULT = new SigAction(0, 0, 0, 0, 0);
    public static final long SIG_DFL = 0, SIG_IGN = 1;
}
