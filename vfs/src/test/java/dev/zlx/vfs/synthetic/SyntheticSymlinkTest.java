package dev.zlx.vfs.synthetic;

import static dev.zlx.vfs.Expect.errno;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.StatMode;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A symlink whose target is computed at each read. */
class SyntheticSymlinkTest {
    private final SyntheticFileSystem fs = new SyntheticFileSystem("proc");
    private final AtomicReference<String> target = new AtomicReference<>("42");
    private final SyntheticSymlink link = new SyntheticSymlink(fs, target::get);

    @Test
    void readlink_followsTheLiveTarget() {
        assertEquals("42", link.readlink());
        target.set("/usr/bin/true");
        assertEquals("/usr/bin/true", link.readlink());
    }

    @Test
    void readlink_withNoTarget_isENOENT() {
        target.set(null);
        errno(Errno.ENOENT, link::readlink);
        assertEquals(0, link.stat().size());
    }

    @Test
    void stat_isSymlinkWithTargetLengthAsSize() {
        target.set("/proc/self/fd");
        assertEquals(StatMode.S_IFLNK | 0777, link.stat().mode());
        assertEquals(13, link.stat().size());
        assertTrue(link.isSymlink());
        assertFalse(link.isDirectory());
    }

    @Test
    void open_ofTheLinkItself_isELOOP() {
        errno(Errno.ELOOP, () -> link.open(Fcntl.O_RDONLY | Fcntl.O_NOFOLLOW));
    }
}
