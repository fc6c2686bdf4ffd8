package dev.zlx.vfs.host;

import static dev.zlx.vfs.Expect.errno;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.FileStat;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Owner;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The owner, mode, device type and attributes the guest sets on hostfs, and what the host keeps. */
class HostOwnershipTest {
    @TempDir
    Path tmp;
    private Path dir;
    private Inode root;
    private int hostUid;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createDirectory(tmp.resolve("mnt"));
        root = new HostFileSystem(dir, false).root();
        hostUid = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void encoding_isContainersStoragesFormat() {
        assertEquals("1000:1011:0644:file", new HostOverride(1000, 1011, StatMode.S_IFREG | 0644, 0).encode());
        assertEquals("0:0:4755:dir", new HostOverride(0, 0, StatMode.S_IFDIR | 04755, 0).encode());
        assertEquals("5:6:0600:char-1-3",
                new HostOverride(5, 6, StatMode.S_IFCHR | 0600, FileStat.makedev(1, 3)).encode());
        assertEquals("5:6:0600:block-259-300000",
                new HostOverride(5, 6, StatMode.S_IFBLK | 0600, FileStat.makedev(259, 300000)).encode());
        assertEquals("4294967294:1:0777:symlink", new HostOverride(-2, 1, StatMode.S_IFLNK | 0777, 0).encode());
    }

    @Test
    void decoding_roundTripsAndToleratesOldAndForeignValues() {
        HostOverride dev = HostOverride.decode("1006:1017:0600:char-1-3", StatMode.S_IFREG);
        assertEquals(new HostOverride(1006, 1017, StatMode.S_IFCHR | 0600, FileStat.makedev(1, 3)), dev);
        // fuse-overlayfs's older three-field form: the host's type stands.
        assertEquals(new HostOverride(1, 2, StatMode.S_IFDIR | 0755, 0), HostOverride.decode("1:2:755", StatMode.S_IFDIR));
        // Parts past MAJOR-MINOR are ignored, as containers/storage does.
        assertEquals(FileStat.makedev(8, 1), HostOverride.decode("0:0:0660:block-8-1-x", StatMode.S_IFREG).rdev());
        // A directory cannot stand for a device: its own type stands.
        assertEquals(StatMode.S_IFDIR | 0600, HostOverride.decode("0:0:0600:char-1-3", StatMode.S_IFDIR).mode());
        for (String bad : new String[] {"", "1:2", "a:2:0644", "1:2:9", "1:2:17777", "1:2:0644:weird", "1:2:0644:char-1"}) {
            assertNull(HostOverride.decode(bad, StatMode.S_IFREG), bad);
        }
    }

    @Test
    void chownAndChmod_areKeptWhileTheHostFileStaysTheUsersAndUsable() throws Exception {
        root.create("f", 0644, Fcntl.O_WRONLY, new Owner(hostUid, 0)).close();
        Inode f = root.lookup("f");
        f.chown(1234, 5678);
        f.chmod(0);
        FileStat st = f.stat();
        assertEquals(1234, st.uid());
        assertEquals(5678, st.gid());
        assertEquals(StatMode.S_IFREG, st.mode());
        Path host = dir.resolve("f");
        assertEquals(hostUid, Files.getAttribute(host, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        int hostMode = (Integer) Files.getAttribute(host, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        assertEquals(0600, hostMode & 0777, "the host file stays readable and writable by its owner");
        f.chmod(04755);
        assertEquals(StatMode.S_IFREG | 04755, f.stat().mode());
        assertEquals(0755, (Integer) Files.getAttribute(host, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
    }

    @Test
    void deviceNodes_areEmptyHostFilesThatOpenTheirDevice() throws Exception {
        root.mknod("nul", StatMode.S_IFCHR | 0666, FileStat.makedev(1, 3), Owner.ROOT);
        root.mknod("wh", StatMode.S_IFCHR, 0, Owner.ROOT);
        FileStat st = root.lookup("nul").stat();
        assertEquals(StatMode.S_IFCHR | 0666, st.mode());
        assertEquals(FileStat.makedev(1, 3), st.rdev());
        assertTrue(Files.isRegularFile(dir.resolve("nul"), LinkOption.NOFOLLOW_LINKS));
        OpenFile nul = root.lookup("nul").open(Fcntl.O_RDWR);
        assertEquals(0, nul.read(ByteBuffer.allocate(8)));
        assertEquals(3, nul.write(ByteBuffer.wrap(new byte[3])));
        nul.close();
        assertEquals(0, Files.size(dir.resolve("nul")), "writes went to the device, not the host file");
        assertEquals(StatMode.S_IFCHR, root.lookup("wh").stat().mode());
        errno(Errno.ENXIO, () -> root.lookup("wh").open(Fcntl.O_RDONLY));
        errno(Errno.EROFS, () -> new HostFileSystem(dir, true).root().mknod("x", StatMode.S_IFCHR, 0, Owner.ROOT));
    }

    @Test
    void bookkeeping_isHiddenAndOtherNamespacesAreKept() {
        root.create("f", 0644, Fcntl.O_WRONLY, new Owner(hostUid, 0)).close();
        Inode f = root.lookup("f");
        f.chown(7, 8);
        f.setxattr("trusted.overlay.opaque", new byte[] {'y'}, 0);
        f.setxattr("security.x", new byte[] {'s'}, 0);
        assertArrayEquals(new byte[] {'y'}, f.getxattr("trusted.overlay.opaque"));
        assertEquals(java.util.Set.of("trusted.overlay.opaque", "security.x"), java.util.Set.copyOf(f.listxattr()));
        errno(Errno.ENODATA, () -> f.getxattr(HostOverride.XATTR));
        errno(Errno.EPERM, () -> f.setxattr(HostOverride.XATTR, new byte[] {'0'}, 0));
        errno(Errno.EPERM, () -> f.removexattr("user.zlx.trusted.overlay.opaque"));
        errno(Errno.EOPNOTSUPP, () -> f.setxattr("other.x", new byte[0], 0));
        // A symlink holds no user attributes on the host: memory keeps its override.
        root.symlink("s", "f", new Owner(11, 12));
        assertEquals(11, root.lookup("s").stat().uid());
        assertEquals(7, f.stat().uid());
        f.removexattr("trusted.overlay.opaque");
        assertFalse(f.listxattr().contains("trusted.overlay.opaque"));
    }

    @Test
    void tmpfile_isTheHostsUnnamedFileAndLinksIntoTheDirectory() throws Exception {
        OpenFile t = root.createTmpfile(0640, Fcntl.O_RDWR, new Owner(hostUid, 0), true);
        t.write(ByteBuffer.wrap("hello".getBytes()));
        assertEquals(0, t.stat().nlink());
        root.link("named", t.inode());
        t.close();
        assertEquals("hello", Files.readString(dir.resolve("named")));
        assertEquals(StatMode.S_IFREG | 0640, root.lookup("named").stat().mode());
    }

    @Test
    void listings_showTheGuestsTypeOfADeviceNode_alsoWhenItReplacedAListedFile() throws Exception {
        root.create("r", 0644, Fcntl.O_WRONLY).close();
        root.mknod("nul", StatMode.S_IFCHR | 0666, FileStat.makedev(1, 3), Owner.ROOT);
        HostInode hostRoot = (HostInode) root;
        try (HostStat.Handle handle = HostDirents.open(dir)) {
            for (int round = 0; round < 2; round++) {
                // The second listing answers from what the first found.
                var types = new java.util.HashMap<String, Integer>();
                hostRoot.list(handle).forEach(e -> types.put(e.name(), e.type()));
                assertEquals(StatMode.DT_REG, types.get("r"));
                assertEquals(StatMode.DT_CHR, types.get("nul"));
            }
            // The host may give "r"'s inode number to the node made in its place.
            root.unlink("r");
            root.mknod("r", StatMode.S_IFCHR | 0666, FileStat.makedev(1, 5), Owner.ROOT);
            assertEquals(StatMode.DT_CHR, hostRoot.list(handle).stream().filter(e -> e.name().equals("r"))
                    .findFirst().orElseThrow().type());
        }
    }

    @Test
    void attributesLargerThanAFirstTry_comeBackWhole() throws Exception {
        // tmpfs keeps large attributes (ext4 keeps a block's worth of them in all).
        Path shm = Path.of("/dev/shm");
        Path base = Files.isWritable(shm) ? Files.createTempDirectory(shm, "zlx-xattr") : dir;
        try {
            Inode r = new HostFileSystem(base, false).root();
            r.create("big", 0644, Fcntl.O_WRONLY).close();
            Inode f = r.lookup("big");
            byte[] large = new byte[6000];
            java.util.Arrays.fill(large, (byte) 'w');
            java.util.List<String> names = new java.util.ArrayList<>();
            try {
                f.setxattr("user.large", large, 0);
                for (int i = 0; i < 30; i++) {
                    String name = "user." + "n".repeat(200) + i;
                    f.setxattr(name, new byte[] {(byte) i}, 0);
                    names.add(name);
                }
            } catch (dev.zlx.abi.LinuxException e) {
                org.junit.jupiter.api.Assumptions.abort("the host keeps less: " + e.errno());
            }
            assertArrayEquals(large, f.getxattr("user.large"));
            assertTrue(f.listxattr().containsAll(names), "a list longer than 4 KiB");
            assertArrayEquals(new byte[] {29}, f.getxattr(names.get(29)));
        } finally {
            if (base != dir) {
                try (var files = Files.walk(base)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
