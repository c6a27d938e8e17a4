package l4.linuxserver.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Paths under a process root other than the file system's (chroot), as Linux's namei and d_path treat them. */
class VfsRootTest {
    private final Vfs vfs = new Vfs();
    private final Directory jail = vfs.mkdirs("/tmp/jail");
    private final Directory etc = vfs.mkdirs("/tmp/jail/etc");

    @Test
    void absolutePathsAndLinksStartAtTheRootAndDotDotStaysThere() {
        etc.link("hostname", new RegularFile(0644, new byte[] {'j'}));
        jail.link("link", new Symlink("/etc/hostname"));
        Inode viaLink = vfs.resolve(jail, jail, "/link", true);
        assertSame(etc.lookup("hostname"), viaLink);
        assertSame(jail, vfs.resolve(jail, etc, "../../..", true));
        assertSame(jail, vfs.resolve(jail, vfs.root, "/", true));
    }

    @Test
    void aDirectoryOutsideTheRootIsUnreachable() {
        assertEquals("/etc", vfs.pathOf(jail, etc));
        assertEquals("/", vfs.pathOf(jail, jail));
        assertEquals("(unreachable)/tmp", vfs.pathOf(jail, vfs.mkdirs("/tmp")));
        assertEquals("(unreachable)/", vfs.pathOf(jail, vfs.root));
        assertEquals("/tmp/jail/etc", vfs.pathOf(vfs.root, etc));
    }
}
