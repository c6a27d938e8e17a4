package l4.linuxserver.fs;

/**
 * Terminal settings with the asm-generic flag bits (include/uapi/asm-generic/termbits.h) and the
 * control characters by meaning; an ABI whose bits or c_cc layout differ translates them.
 */
public final class Termios {
    public static final int ICRNL = 0x100, INLCR = 0x40, IGNCR = 0x80;
    public static final int OPOST = 0x1, ONLCR = 0x4;
    public static final int ISIG = 0x1, ICANON = 0x2, ECHO = 0x8, ECHOE = 0x10, ECHOK = 0x20, ECHONL = 0x40,
            NOFLSH = 0x80, TOSTOP = 0x100, ECHOCTL = 0x200, IEXTEN = 0x8000;
    public static final int CS8 = 0x30, CREAD = 0x80, B38400 = 0xF;

    public int iflag = ICRNL;
    public int oflag = OPOST | ONLCR;
    public int cflag = B38400 | CS8 | CREAD;
    public int lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | IEXTEN;
    public byte vintr = 3, vquit = 0x1c, verase = 0x7f, vkill = 0x15, veof = 4, vtime = 0, vmin = 1, vsusp = 0x1a,
            vwerase = 0x17, vlnext = 0x16, veol = 0, vreprint = 0x12, vstart = 0x11, vstop = 0x13;

    public Termios copy() {
        Termios t = new Termios();
        t.iflag = iflag;
        t.oflag = oflag;
        t.cflag = cflag;
        t.lflag = lflag;
        t.vintr = vintr;
        t.vquit = vquit;
        t.verase = verase;
        t.vkill = vkill;
        t.veof = veof;
        t.vtime = vtime;
        t.vmin = vmin;
        t.vsusp = vsusp;
        t.vwerase = vwerase;
        t.vlnext = vlnext;
        t.veol = veol;
        t.vreprint = vreprint;
        t.vstart = vstart;
        t.vstop = vstop;
        return t;
    }
}
