package dev.zlx.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.zlx.vfs.Resolved;
import org.junit.jupiter.api.Test;

class FsContextTest {
    private static Resolved at(String path) {
        return new Resolved(path, null, null);
    }

    @Test
    void umask_defaultsTo022() {
        assertEquals(022, new FsContext(at("/"), at("/")).umask());
    }

    @Test
    void swapUmask_returnsTheOldAndKeepsOnlyPermissionBits() {
        FsContext fs = new FsContext(at("/"), at("/"));
        assertEquals(022, fs.swapUmask(017777));
        assertEquals(0777, fs.umask());
        assertEquals(0777, fs.swapUmask(0));
    }

    @Test
    void guestPath_atTheHostRoot_isUnchanged() {
        FsContext fs = new FsContext(at("/"), at("/"));
        assertEquals("/etc/passwd", fs.guestPath("/etc/passwd"));
    }

    @Test
    void guestPath_underAChroot_isRelativeToIt() {
        FsContext fs = new FsContext(at("/srv/jail"), at("/srv/jail"));
        assertEquals("/", fs.guestPath("/srv/jail"));
        assertEquals("/bin/sh", fs.guestPath("/srv/jail/bin/sh"));
        assertEquals("/srv/jailbreak", fs.guestPath("/srv/jailbreak"), "a sibling with the same prefix");
    }

    @Test
    void setCwd_replacesOnlyTheCwd() {
        Resolved root = at("/");
        FsContext fs = new FsContext(root, root);
        Resolved tmp = at("/tmp");
        fs.setCwd(tmp);
        assertSame(tmp, fs.cwd());
        assertSame(root, fs.root());
    }
}
