package l4.linuxserver.mm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import l4.linuxserver.sys.Errno;
import l4.linuxserver.sys.LinuxError;

class AddressSpaceTest {
    /** A pool that counts what is out. */
    static final class Pool implements FramePool {
        final ArrayDeque<Frame> free = new ArrayDeque<>();
        long next = 1;
        int out;

        @Override
        public Frame allocate() {
            out++;
            Frame f = free.poll();
            if (f == null) return Frame.of(next++, new byte[AddressSpace.PAGE]);
            f.write(0, new byte[AddressSpace.PAGE], 0, AddressSpace.PAGE);
            return f;
        }

        @Override
        public void release(Frame f) {
            out--;
            free.add(f);
        }
    }

    private final Pool pool = new Pool();
    private final AddressSpace space = new AddressSpace(pool, 1L << 40, 1L << 39);

    @Test
    void anonymousPagesAreZeroAndMadeOnFirstTouch() throws SegmentationFault {
        space.map(0x10000, 0x3000, Vma.READ | Vma.WRITE, null, 0, 0, "anon");
        assertEquals(0, pool.out);
        AddressSpace.Resolution r = space.fault(0x11008, false, false);
        assertEquals(1, pool.out);
        assertTrue(r.writable());
        assertEquals(0, ((Frame.HeapFrame) r.frame()).bytes()[8]);
    }

    @Test
    void accessOutsideOrAgainstProtectionIsASegmentationFault() {
        space.map(0x10000, 0x1000, Vma.READ, null, 0, 0, "ro");
        SegmentationFault none = assertThrows(SegmentationFault.class, () -> space.fault(0x20000, false, false));
        assertFalse(none.mapped);
        SegmentationFault prot = assertThrows(SegmentationFault.class, () -> space.fault(0x10000, true, false));
        assertTrue(prot.mapped);
        LinuxError e = assertThrows(LinuxError.class, () -> space.write(0x10000, new byte[] {1}));
        assertEquals(Errno.EFAULT, e.errno);
    }

    @Test
    void forkSharesPagesUntilOneSideWrites() throws SegmentationFault {
        List<Long> dropped = new ArrayList<>();
        space.setObserver(new MappingObserver() {
            @Override
            public void unmapped(long pageAddress) {
                dropped.add(pageAddress);
            }

            @Override
            public void written(Frame frame) {}
        });
        space.map(0x10000, 0x2000, Vma.READ | Vma.WRITE, null, 0, 0, "data");
        space.write(0x10000, new byte[] {1, 2, 3});
        space.write(0x11000, new byte[] {9});
        AddressSpace child = space.fork();
        assertEquals(List.of(0x10000L, 0x11000L), dropped.stream().sorted().toList(), "the parent's writable mappings go");
        assertEquals(2, pool.out, "no copy at fork");
        AddressSpace.Resolution shared = child.fault(0x10000, false, false);
        assertFalse(shared.writable(), "a shared page is given out read-only");
        assertSame(space.fault(0x10000, false, false).frame(), shared.frame());
        child.write(0x10001, new byte[] {42});
        assertEquals(3, pool.out, "the first write copies");
        assertArrayEquals(new byte[] {1, 2, 3}, space.read(0x10000, 3));
        assertArrayEquals(new byte[] {1, 42, 3}, child.read(0x10000, 3));
        assertNotSame(space.fault(0x10000, false, false).frame(), child.fault(0x10000, false, false).frame());
        assertTrue(space.fault(0x10000, true, false).writable(), "the last holder writes in place");
        child.clear();
        assertEquals(2, pool.out, "exit releases the child's own page, not the shared one");
        space.clear();
        assertEquals(0, pool.out);
    }

    @Test
    void fileBackedMappingFillsFromTheFileAndZerosTheTail() throws SegmentationFault {
        byte[] file = new byte[5000];
        for (int i = 0; i < file.length; i++) file[i] = (byte) (i + 1);
        space.map(0x40000, 0x3000, Vma.READ, (o, into, at, len) -> {
            int n = (int) Math.max(0, Math.min(len, file.length - o));
            System.arraycopy(file, (int) o, into, at, n);
            return n;
        }, 0, 4500, "f");
        assertEquals(file[4499], space.read(0x40000 + 4499, 1)[0]);
        assertEquals(0, space.read(0x40000 + 4500, 1)[0], "beyond the file limit: zeros");
        assertEquals(0, space.read(0x42000, 1)[0]);
    }

    @Test
    void brkGrowsAndShrinksAndMunmapSplits() {
        space.setBrkStart(0x100000);
        assertEquals(0x100000, space.brk(0));
        assertEquals(0x105000, space.brk(0x105000));
        space.write(0x104FFF, new byte[] {1});
        assertEquals(0x101000, space.brk(0x101000));
        assertThrows(LinuxError.class, () -> space.read(0x104FFF, 1));
        space.map(0x200000, 0x5000, Vma.READ | Vma.WRITE, null, 0, 0, "m");
        space.unmap(0x202000, 0x1000);
        assertEquals(2, space.vmas().stream().filter(v -> "m".equals(v.name())).count());
        space.protect(0x200000, 0x1000, Vma.READ);
        assertThrows(LinuxError.class, () -> space.protect(0x200000, 0x5000, Vma.READ), "a hole: ENOMEM");
    }
}
