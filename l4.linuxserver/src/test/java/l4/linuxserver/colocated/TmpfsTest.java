package l4.linuxserver.colocated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The root file system as tmpfs keeps it: files in pages, holes that take no space, a size of
 * half the memory that a write cannot pass (ENOSPC), and the pages of a removed file kept while
 * a descriptor has it open. Checked here rather than against qemu, whose file system is the
 * host's.
 */
class TmpfsTest {
    private final CoLocatedLinux linux = new CoLocatedLinux(CoLocatedLinux.defaultInitramfs());

    private String run(String line) {
        CoLocatedLinux.Result r = linux.shell(line, 400_000_000L);
        return r.output() + "status " + r.status() + "\n";
    }

    @Test
    void aHugeSparseFileTakesNoSpace() {
        assertEquals("3221225472 0\n3221225474 8\ny\nstatus 0\n",
                run("truncate -s 3G /tmp/x; stat -c '%s %b' /tmp/x; echo y >> /tmp/x; stat -c '%s %b' /tmp/x; tail -c 2 /tmp/x"));
        assertEquals("0 0\nstatus 0\n", run("truncate -s 1 /tmp/x; truncate -s 0 /tmp/x; stat -c '%s %b' /tmp/x"));
    }

    /** fallocate takes every page of its range or none (shmem_fallocate); a device has no pages to give. */
    @Test
    void fallocateTakesAllOrNothing() {
        String free = run("stat -f -c %f /").split("\n")[0];
        assertEquals("fallocate: fallocate '/tmp/big': No space left on device\n" + free + "\nstatus 0\n",
                run("fallocate -l 40M /tmp/big; stat -f -c %f /"));
        assertEquals("10100 8\n1\nstatus 0\n", run("fallocate -o 10000 -l 100 /tmp/g; stat -c '%s %b' /tmp/g; fallocate -l 1 /dev/null 2>/dev/null; echo $?"));
    }

    @Test
    void aWriteBeyondTheSizeFailsWithEnospcAndTheServerGoesOn() {
        String free = run("stat -f -c %f /").split("\n")[0];
        String full = run("dd if=/dev/zero of=/tmp/big bs=1M count=40 2>&1 | head -n 1; stat -f -c %f /; stat -c %b /tmp/big");
        assertTrue(full.startsWith("dd: error writing '/tmp/big': No space left on device\n0\n"), full);
        assertEquals(Long.parseLong(free) * 8, Long.parseLong(full.split("\n")[2]), "every free page went into the file: " + full);
        assertEquals(free + "\nstatus 0\n", run("rm /tmp/big; stat -f -c %f /"), "and came back with its removal");
        assertEquals("ok\nstatus 0\n", run("echo ok"));
        assertEquals(0, linux.linux.layerFaults());
    }

    @Test
    void aRemovedFileKeepsItsPagesWhileItIsOpen() {
        String out = run("stat -f -c %f /; head -c 409600 /dev/zero > /tmp/f; exec 3</tmp/f; rm /tmp/f; stat -f -c %f /;"
                + " head -c 5 <&3 | wc -c; exec 3<&-; stat -f -c %f /");
        String[] l = out.split("\n");
        long before = Long.parseLong(l[0]);
        assertEquals(before - 100, Long.parseLong(l[1]), "removed but open: still held: " + out);
        assertEquals("5", l[2].trim(), "and readable: " + out);
        assertEquals(before, Long.parseLong(l[3]), "closed: given back: " + out);
    }
}
