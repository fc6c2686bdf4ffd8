package dev.zlx.vfs;

import static dev.zlx.vfs.Expect.errno;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.zlx.abi.Errno;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mounts of a namespace: which mount holds a path, and overmounting. */
class MountTableTest {
    private final MountTable table = new MountTable();
    private final FileSystem rootFs = new SyntheticFileSystem("rootfs");
    private final FileSystem mntFs = new SyntheticFileSystem("tmpfs");

    @Test
    void mountOf_choosesTheLongestMountPointPrefix() {
        table.mount("/", rootFs, false);
        table.mount("/mnt", mntFs, true);
        assertSame(mntFs, table.mountOf("/mnt").fileSystem());
        assertSame(mntFs, table.mountOf("/mnt/a/b").fileSystem());
        assertSame(rootFs, table.mountOf("/").fileSystem());
        assertSame(rootFs, table.mountOf("/etc/passwd").fileSystem());
        assertEquals(true, table.mountOf("/mnt/x").readOnly());
    }

    @Test
    void mountOf_siblingWithSamePrefix_isNotInsideTheMount() {
        table.mount("/", rootFs, false);
        table.mount("/mnt", mntFs, false);
        assertSame(rootFs, table.mountOf("/mnt2").fileSystem());
        assertSame(rootFs, table.mountOf("/mntx/y").fileSystem());
    }

    @Test
    void mountOf_withoutRootMount_isENOENT() {
        table.mount("/mnt", mntFs, false);
        errno(Errno.ENOENT, () -> table.mountOf("/etc"));
    }

    @Test
    void laterMountOnSamePoint_hidesTheEarlierOne() {
        FileSystem over = new SyntheticFileSystem("proc");
        table.mount("/", rootFs, false);
        table.mount("/mnt", mntFs, false);
        table.mount("/mnt", over, false);
        assertSame(over, table.mountedAt("/mnt").fileSystem());
        assertSame(over, table.mountOf("/mnt/x").fileSystem());
    }

    @Test
    void mountedAt_matchesOnlyTheExactPoint() {
        table.mount("/mnt", mntFs, false);
        assertSame(mntFs, table.mountedAt("/mnt").fileSystem());
        assertNull(table.mountedAt("/mnt/x"));
        assertNull(table.mountedAt("/"));
    }

    @Test
    void mount_relativePoint_isEINVAL() {
        errno(Errno.EINVAL, () -> table.mount("mnt", mntFs, false));
    }

    @Test
    void list_keepsMountOrderAndIsACopy() {
        table.mount("/", rootFs, false);
        table.mount("/mnt", mntFs, true);
        List<Mount> list = table.list();
        assertEquals(List.of("/", "/mnt"), list.stream().map(Mount::mountPoint).toList());
        assertEquals(List.of(false, true), list.stream().map(Mount::readOnly).toList());
        assertSame(mntFs, list.get(1).fileSystem());
        table.mount("/proc", rootFs, false);
        assertEquals(2, list.size());
    }
}
