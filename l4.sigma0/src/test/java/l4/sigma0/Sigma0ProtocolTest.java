package l4.sigma0;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import l4.api.Fpage;
import l4.api.IoFpage;
import l4.api.IpcDescriptor;
import l4.api.KipLayout;
import l4.api.ThreadId;
import org.junit.jupiter.api.Test;

class Sigma0ProtocolTest {
    private static final long MEM = 0x10_0000; // 1 MiB
    private static final MemoryLayout LAYOUT = new MemoryLayout(MEM,
            List.of(new MemoryLayout.Region(0, 0x1000), new MemoryLayout.Region(KipLayout.PHYSICAL, 0x1000),
                    new MemoryLayout.Region(0x8000, 0x2000)), true);
    private static final ThreadId A = ThreadId.of(0, 1, 3, 0, 1);
    private static final ThreadId A2 = ThreadId.of(0, 1, 3, 5, 1);
    private static final ThreadId B = ThreadId.of(0, 1, 4, 0, 1);

    private final Sigma0Protocol mips = new Sigma0Protocol(Arch.MIPS, LAYOUT, new FrameBook());
    private final Sigma0Protocol ix86 = new Sigma0Protocol(Arch.IX86, LAYOUT, new FrameBook());

    private static void assertMap(Sigma0Reply r, long page, boolean writable) {
        assertFalse(r.isNull(), "expected a mapping, got " + r);
        assertEquals(IpcDescriptor.MAP, r.sendDescriptor());
        assertEquals(page, r.words()[0], "hot spot");
        assertEquals(Fpage.of(page, 12, writable).encode(), r.words()[1]);
    }

    private static void assertNull(Sigma0Reply r) {
        assertTrue(r.isNull(), "expected a null reply, got " + r);
        assertEquals(IpcDescriptor.registers(), r.sendDescriptor());
        assertEquals(0, r.words()[0]);
        assertEquals(0, r.words()[1]);
    }

    @Test
    void ramFrameIsMappedWritableOnceAndOwnerMayRepeat() {
        assertMap(mips.handle(A, 0x20000, 0), 0x20000, true);
        assertMap(mips.handle(A2, 0x20000, 0), 0x20000, true); // other thread, same task
        assertNull(mips.handle(B, 0x20000, 0));
        assertMap(mips.handle(B, 0x21000, 0), 0x21000, true);
    }

    @Test
    void pageFaultMessagesMapTheFaultingPage() {
        // w0 = fault address | write bit, w1 = IP.
        assertMap(mips.handle(A, 0x30abc | 2, 0x400100), 0x30000, true);
        assertMap(ix86.handle(A, 0x31000 | 3, 0x1234), 0x31000, true);
        assertNull(mips.handle(B, 0x30ff8, 0x400100));
    }

    @Test
    void reservedRamAndFrameBeyondMemoryAreRefused() {
        assertNull(mips.handle(A, 0, 0));
        assertNull(mips.handle(A, 0x8000, 0));
        assertNull(mips.handle(A, 0x9ff0 | 2, 0));
        assertNull(mips.handle(A, MEM, 0));
        assertNull(ix86.handle(A, 0x3fff_f000L, 0)); // above RAM, below the device window
        assertNull(ix86.handle(A, 0xC000_0000L, 0)); // above the device window
    }

    @Test
    void kipIsReadOnlyOnBothArchitecturesEvenWhenAskedByAddress() {
        assertMap(mips.handle(A, -3L, 0), KipLayout.PHYSICAL, false);
        assertMap(mips.handle(B, -3L, 0), KipLayout.PHYSICAL, false); // shared by all
        assertMap(ix86.handle(A, 1, 0x101), KipLayout.PHYSICAL, false);
        assertMap(ix86.handle(A, 0xFFFF_FFFFL & 1, 0xFFFF_FF01L), KipLayout.PHYSICAL, false);
        assertMap(mips.handle(A, KipLayout.PHYSICAL | 2, 0), KipLayout.PHYSICAL, false);
        assertMap(ix86.handle(B, KipLayout.PHYSICAL + 8, 0), KipLayout.PHYSICAL, false);
    }

    @Test
    void ix86KipNeedsLowByteOne() {
        // w0 = 1 with another w1 is a (protection) fault at page 0, which is reserved.
        assertNull(ix86.handle(A, 1, 0x100));
        // -3 is not the KIP request on ix86.
        assertNull(ix86.handle(A, -3L, 0));
    }

    @Test
    void ix86AnyPageGivesTheLowestFreeFrame() {
        assertMap(ix86.handle(A, 0x2000, 0), 0x2000, true);
        assertMap(ix86.handle(A, 0xFFFF_FFFCL, 0), 0x3000, true);
        assertMap(ix86.handle(B, -4L, 0), 0x4000, true); // sign-extended word
        assertNull(ix86.handle(B, 0x3000, 0)); // now owned by A
        assertNull(mips.handle(A, 0xFFFF_FFFCL, 0)); // not a MIPS request
    }

    @Test
    void ix86AnyPageSkipsReservedAndEndsWithNullReply() {
        MemoryLayout small = new MemoryLayout(0xB000, LAYOUT.reserved(), true);
        Sigma0Protocol p = new Sigma0Protocol(Arch.IX86, small, new FrameBook());
        for (long page : new long[] {0x2000, 0x3000, 0x4000, 0x5000, 0x6000, 0x7000, 0xA000}) {
            assertMap(p.handle(A, 0xFFFF_FFFCL, 0), page, true);
        }
        assertNull(p.handle(A, 0xFFFF_FFFCL, 0));
    }

    @Test
    void mipsDeviceMemoryOutsideRamIsMappedWritableAndExclusive() {
        long dev = 0x1F00_0000L;
        assertMap(mips.handle(A, -2L, dev + 0x10), dev, true);
        assertMap(mips.handle(A, -2L, dev), dev, true);
        assertNull(mips.handle(B, -2L, dev));
        assertNull(mips.handle(A, -2L, 0x20000)); // RAM is not device memory
        assertNull(mips.handle(A, -2L, KipLayout.PHYSICAL));
    }

    @Test
    void mipsPageFaultsInTheMaltaDeviceRangeMapDevicePagesAndTheIsaPortPageIsShared() {
        assertMap(mips.handle(A, 0x1800_03F8L | 2, 0), 0x1800_0000L, true); // a write fault at COM1's THR
        assertMap(mips.handle(B, 0x1800_0070L, 0), 0x1800_0000L, true); // the legacy port page goes to every driver
        assertMap(mips.handle(A, 0x1F00_0500L, 0), 0x1F00_0000L, true);
        assertNull(mips.handle(B, 0x1F00_0000L, 0)); // other device pages stay exclusive
        assertNull(mips.handle(A, 0x2000_0000L, 0)); // outside the board's device range
        assertNull(mips.handle(A, 0x0FFF_F000L, 0)); // neither RAM nor device range
    }

    @Test
    void ix86DeviceMemoryBetweenOneAndThreeGigabytes() {
        assertMap(ix86.handle(A, 0x4000_0000L, 0), 0x4000_0000L, true);
        assertMap(ix86.handle(A, 0xBFFF_F123L, 0), 0xBFFF_F000L, true);
        assertNull(ix86.handle(B, 0x4000_0000L, 0));
        assertNull(mips.handle(A, 0x4000_0000L, 0)); // MIPS asks with w0 = -2
        assertNull(ix86.handle(A, -2L, 0x4000_1000L)); // the MIPS form is nothing on ix86
    }

    @Test
    void ramAboveOneGigabyteOnIx86IsRamNotDevice() {
        MemoryLayout big = new MemoryLayout(0x5000_0000L, LAYOUT.reserved(), true);
        Sigma0Protocol p = new Sigma0Protocol(Arch.IX86, big, new FrameBook());
        assertMap(p.handle(A, 0x4000_0000L, 0), 0x4000_0000L, true);
        assertNull(p.handle(B, 0x4000_0000L, 0));
        assertMap(p.handle(B, 0x5000_0000L, 0), 0x5000_0000L, true); // first device page
    }

    private static void assertIo(Sigma0Reply r, IoFpage fp) {
        assertFalse(r.isNull(), "expected I/O ports, got " + r);
        assertEquals(IpcDescriptor.MAP, r.sendDescriptor());
        assertEquals(0, r.words()[0], "hot spot");
        assertEquals(fp.encode(), r.words()[1]);
    }

    @Test
    void ix86IoFaultsAndRequestsGetIoPortsOncePerTask() {
        IoFpage one = IoFpage.of(0x3F8, 0);
        assertIo(ix86.handle(A, one.encode(), 0x1234), one); // an I/O fault message: w0 = one port, w1 = IP
        assertIo(ix86.handle(A2, one.encode(), 0), one); // same task again
        assertNull(ix86.handle(B, one.encode(), 0));
        assertNull(ix86.handle(B, IoFpage.of(0x3F8, 3).encode(), 0)); // overlaps A's port: all or nothing
        assertIo(ix86.handle(A, IoFpage.of(0x3F8, 3).granting().encode(), 0), IoFpage.of(0x3F8, 3)); // grant bit dropped
        assertIo(ix86.handle(B, IoFpage.of(0x60, 4).encode() | 0xFFFF_FFFF_0000_0000L, 0), IoFpage.of(0x60, 4)); // sign-extended
        assertNull(ix86.handle(A, 0x60, 0)); // only 0x3F8..0x3FF and RAM: 0x60 is reserved RAM (page 0)
        assertNull(ix86.handle(A, 0xF000_0000L | 0x3F9L << 12 | 3 << 2, 0)); // misaligned
        assertNull(ix86.handle(A, 0xF000_0000L | 17 << 2, 0)); // larger than the port space
        // MIPS has no I/O ports: the same word is just an address outside RAM
        assertNull(mips.handle(A, one.encode(), 0));
    }

    @Test
    void badRequestsGetNullReplies() {
        assertNull(mips.handle(A, -1L, 0));
        assertNull(mips.handle(A, -4L, 0));
        assertNull(mips.handle(A, Long.MIN_VALUE, 0));
        assertNull(mips.handle(A, 0x7FFF_FFFF_FFFF_F000L, 0));
        assertNull(ix86.handle(A, 0xFFFF_FFFFL, 0));
        assertNull(mips.handle(ThreadId.NIL, 0x20000, 0));
        assertNull(mips.handle(ThreadId.INVALID, 0x20000, 0));
        assertNull(mips.handle(ThreadId.interrupt(3), 0x20000, 0));
        assertNull(mips.handle(null, 0x20000, 0));
    }

    @Test
    void withoutValidKipEverythingIsRefused() {
        Sigma0Protocol p = new Sigma0Protocol(Arch.MIPS, MemoryLayout.NONE, new FrameBook());
        assertNull(p.handle(A, -3L, 0));
        assertNull(p.handle(A, 0x2000, 0));
    }
}
