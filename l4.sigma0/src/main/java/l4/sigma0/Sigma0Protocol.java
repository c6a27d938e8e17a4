package l4.sigma0;

import l4.api.IoFpage;
import l4.api.KipLayout;
import l4.api.ThreadId;

/**
 * Decodes one σ0 request (w0, w1 from {@code sender}) into a reply. Pure bookkeeping, no kernel:
 * every request that does not match a rule below, or that the rules refuse, gets the null reply.
 *
 * <p>Order matters because the encodings overlap: the special words are tested first, then RAM
 * addresses (which also covers page-fault messages, whose w0 is the fault address plus flag bits
 * 0–1), then device memory.
 *
 * <p>ix86 I/O ports: a w0 that is an I/O fpage ({@code 0xF0000000 | port << 12 | s << 2}, as in
 * an I/O fault message, where s = 0) asks for those 2^s ports. If none of them was given to
 * another task, the reply is a map item of that I/O fpage (hot spot 0, fpage word the I/O fpage
 * without the grant bit) and all of them become the asker's, permanently; else, or for a
 * malformed I/O fpage, the null reply. (The grant bit, bit 0, and the ignored bit 1 of the
 * request are dropped, so an I/O page-fault word is a valid request.)
 *
 * <p>MIPS device memory: besides the special request (w0 = -2, w1 = address), a page fault in the
 * Malta board's device range 0x1000_0000–0x1FFF_FFFF maps that device page, so that a driver
 * started by the root task (whose pager σ0 is, but which cannot send to σ0 across clans) gets its
 * registers by touching them, as an ix86 driver gets its ports. Device pages are exclusive, except
 * the first page of the ISA port window at 0x1800_0000: it holds every legacy port 0x000–0xFFF
 * (UART, disk, clock ...), so σ0 maps it to each driver that asks — on MIPS the page size, not σ0,
 * limits how finely ISA devices can be given to different tasks.
 */
final class Sigma0Protocol {
    static final long MIPS_KIP = -3L;
    static final long MIPS_DEVICE = -2L;
    static final long IX86_KIP = 1L;
    static final long IX86_ANY_PAGE = 0xFFFF_FFFCL;
    static final long IX86_DEVICE_LOW = 0x4000_0000L;
    static final long IX86_DEVICE_HIGH = 0xC000_0000L;
    static final long MIPS_DEVICE_LOW = 0x1000_0000L;
    static final long MIPS_DEVICE_HIGH = 0x2000_0000L;
    static final long MIPS_ISA_PORT_PAGE = 0x1800_0000L;

    private final Arch arch;
    private final MemoryLayout layout;
    private final FrameBook book;
    private final PortBook ports;

    Sigma0Protocol(Arch arch, MemoryLayout layout, FrameBook book) {
        this(arch, layout, book, new PortBook());
    }

    Sigma0Protocol(Arch arch, MemoryLayout layout, FrameBook book, PortBook ports) {
        this.arch = arch;
        this.layout = layout;
        this.book = book;
        this.ports = ports;
    }

    Sigma0Reply handle(ThreadId sender, long rawW0, long rawW1) {
        if (!layout.kipValid() || sender == null || sender.isNil() || sender.isInvalid() || sender.isInterrupt()) {
            return Sigma0Reply.NULL;
        }
        long w0 = arch.word(rawW0);
        long w1 = arch.word(rawW1);
        int task = sender.task();
        int version = sender.version();
        if (arch == Arch.MIPS) {
            if (w0 == MIPS_KIP) return kip();
            if (w0 == MIPS_DEVICE) return device(w1, task, version);
        } else {
            if (w0 == IX86_KIP && (w1 & 0xFF) == 1) return kip();
            if (w0 == IX86_ANY_PAGE) return anyPage(task, version);
            if (IoFpage.isIoFpage(w0)) return ioPorts(w0 & ~3L, task);
        }
        if (layout.isRam(w0)) return frame(MemoryLayout.pageOf(w0), task, version);
        if (arch == Arch.IX86 && w0 >= IX86_DEVICE_LOW && w0 < IX86_DEVICE_HIGH) return device(w0, task, version);
        if (arch == Arch.MIPS && w0 >= MIPS_DEVICE_LOW && w0 < MIPS_DEVICE_HIGH) return device(w0, task, version);
        return Sigma0Reply.NULL;
    }

    private Sigma0Reply kip() {
        return Sigma0Reply.map(KipLayout.PHYSICAL, false);
    }

    /** A RAM frame 1:1; the KIP frame (reserved, but public) only read-only, other reserved RAM never. */
    private Sigma0Reply frame(long page, int task, int version) {
        if (page == KipLayout.PHYSICAL) return kip();
        if (!layout.isAvailable(page)) return Sigma0Reply.NULL;
        return switch (book.claim(page, task, version)) {
            case REFUSED -> Sigma0Reply.NULL;
            case GIVEN -> Sigma0Reply.map(page, true);
            // a re-created task must not read what its predecessor left in the frame
            case INHERITED -> Sigma0Reply.clearAndMap(page);
        };
    }

    private Sigma0Reply anyPage(int task, int version) {
        long page = book.claimLowestFree(layout, task, version);
        return page < 0 ? Sigma0Reply.NULL : Sigma0Reply.map(page, true);
    }

    /** ix86 I/O ports: the whole I/O fpage once, to one task. */
    private Sigma0Reply ioPorts(long word, int task) {
        IoFpage fp = IoFpage.decode(word);
        if (fp.isNil() || !ports.claim(fp, task)) return Sigma0Reply.NULL;
        return Sigma0Reply.io(fp);
    }

    /** Device pages lie outside RAM (else they would dodge the once-per-frame rule) and are exclusive too. */
    private Sigma0Reply device(long address, int task, int version) {
        long page = MemoryLayout.pageOf(address);
        if (layout.isRam(page) || layout.isReserved(page)) return Sigma0Reply.NULL;
        if (arch == Arch.MIPS && page == MIPS_ISA_PORT_PAGE) return Sigma0Reply.map(page, true);
        // device registers are the device's state, not a predecessor's data: nothing to clear
        if (book.claim(page, task, version) == FrameBook.Claim.REFUSED) return Sigma0Reply.NULL;
        return Sigma0Reply.map(page, true);
    }
}
