package dev.zlx.vfs.tmpfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.FileStat;
import dev.zlx.abi.Memfd;
import dev.zlx.abi.StatMode;
import dev.zlx.abi.Statfs;
import dev.zlx.abi.Xattr;
import dev.zlx.vfs.DirEntry;
import dev.zlx.vfs.Expect;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Owner;
import dev.zlx.vfs.memory.SharedMappable;
import dev.zlx.vfs.memory.SharedMappable.Piece;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TmpFsTest {
    private static final long EXTENT = 64 * 1024;
    private static final int RW = Fcntl.O_RDWR;
    private final ArenaPages pages = new ArenaPages();
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000_000_000L);
    private TmpFs fs = tmpfs(1 << 20);
    private Inode root = fs.root();

    private TmpFs tmpfs(long limit) {
        return new TmpFs(pages, limit, 01777, Owner.ROOT, EXTENT, () -> clock.addAndGet(1000), "tmpfs");
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(OpenFile f, long offset, int n) {
        ByteBuffer b = ByteBuffer.allocate(n);
        int got = f.pread(b, offset);
        return new String(b.array(), 0, got, StandardCharsets.ISO_8859_1);
    }

    private OpenFile create(String name) {
        return root.create(name, 0644, RW, new Owner(1000, 100));
    }

    @Test
    void sparseWritesReadHolesAsZerosAndCountOnlyWrittenPages() {
        OpenFile f = create("f");
        assertEquals(3, f.pwrite(bytes("abc"), 100_000));
        FileStat st = f.stat();
        assertEquals(100_003, st.size());
        assertEquals(8, st.blocks());
        assertEquals("\0\0\0", read(f, 0, 3));
        assertEquals("\0abc", read(f, 99_999, 10));
        assertEquals(1, pages.allocated.get(), "only the extent written is allocated");
        assertEquals(98_304, f.seek(0, Fcntl.SEEK_DATA));
        assertEquals(0, f.seek(0, Fcntl.SEEK_HOLE));
        assertEquals(100_003, f.seek(98_304, Fcntl.SEEK_HOLE));
        Expect.errno(Errno.ENXIO, () -> f.seek(100_003, Fcntl.SEEK_DATA));
        assertEquals(1, fs.usedPages());
    }

    @Test
    void writesAcrossExtentsReadBack() {
        OpenFile f = create("f");
        byte[] data = new byte[3 * (int) EXTENT + 123];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        assertEquals(data.length, f.write(ByteBuffer.wrap(data)));
        ByteBuffer back = ByteBuffer.allocate(data.length);
        f.seek(0, Fcntl.SEEK_SET);
        assertEquals(data.length, f.read(back));
        assertArrayEquals(data, back.array());
        assertEquals(0, f.read(ByteBuffer.allocate(10)), "end of file");
        assertEquals(4, pages.allocated.get());
        assertEquals((data.length + 4095) / 4096 * 8, f.stat().blocks());
    }

    @Test
    void truncateShrinksZeroesTheCutAndReleasesExtentsPastTheEnd() {
        OpenFile f = create("f");
        byte[] ones = new byte[3 * (int) EXTENT];
        java.util.Arrays.fill(ones, (byte) 1);
        f.write(ByteBuffer.wrap(ones));
        assertEquals(3, pages.live.get());
        f.truncate(1000);
        assertEquals(1, pages.live.get(), "extents past the end are released");
        assertEquals(8, f.stat().blocks());
        assertEquals(1, fs.usedPages());
        f.truncate(200_000);
        assertEquals(200_000, f.stat().size());
        assertEquals("\1\0\0", read(f, 999, 3));
        assertEquals("\0", read(f, 5000, 1));
        assertEquals(8, f.stat().blocks(), "growing makes a hole");
    }

    @Test
    void sizeLimitGivesShortWritesThenENOSPC() {
        fs = tmpfs(16 * 1024);
        root = fs.root();
        OpenFile f = create("f");
        assertEquals(16 * 1024, f.write(ByteBuffer.allocate(20 * 1024)));
        Expect.errno(Errno.ENOSPC, () -> f.write(ByteBuffer.allocate(1)));
        Statfs st = fs.statfs();
        assertEquals(Statfs.TMPFS_MAGIC, st.type());
        assertEquals(4, st.blocks());
        assertEquals(0, st.freeBlocks());
        // Rewriting pages already held needs no room.
        assertEquals(100, f.pwrite(ByteBuffer.allocate(100), 0));
        f.close();
        root.unlink("f");
        assertEquals(4, fs.statfs().freeBlocks());
        assertEquals(0, pages.live.get());
    }

    @Test
    void unlinkedOpenFileKeepsItsDataUntilTheLastClose() {
        OpenFile f = create("f");
        OpenFile g = root.lookup("f").open(Fcntl.O_RDONLY);
        f.write(bytes("hello"));
        root.unlink("f");
        Expect.errno(Errno.ENOENT, () -> root.lookup("f"));
        assertEquals(0, f.stat().nlink());
        f.write(bytes(" world"));
        assertEquals("hello world", read(g, 0, 100));
        f.close();
        assertEquals(1, pages.live.get());
        g.close();
        assertEquals(0, pages.live.get());
        assertEquals(0, fs.usedPages());
        assertEquals(1, fs.statfs().files() - fs.statfs().freeFiles(), "only the root is left");
    }

    @Test
    void hardLinksShareTheInode() {
        OpenFile f = create("a");
        f.write(bytes("x"));
        f.close();
        Inode a = root.lookup("a");
        root.link("b", a);
        assertSame(a, root.lookup("b"));
        assertEquals(2, a.stat().nlink());
        root.unlink("a");
        assertEquals(1, root.lookup("b").stat().nlink());
        assertEquals(1, pages.live.get());
        Expect.errno(Errno.EEXIST, () -> root.link("b", a));
        root.mkdir("d", 0755);
        Expect.errno(Errno.EPERM, () -> root.link("e", root.lookup("d")));
        TmpFs other = tmpfs(1 << 20);
        Expect.errno(Errno.EXDEV, () -> other.root().link("x", a));
        root.unlink("b");
        assertEquals(0, pages.live.get());
        Expect.errno(Errno.ENOENT, () -> root.link("c", a));
    }

    @Test
    void directoryLinkCountsAndSizes() {
        assertEquals(2, root.stat().nlink());
        assertEquals(40, root.stat().size());
        root.mkdir("a", 0755);
        Inode a = root.lookup("a");
        a.mkdir("b", 0755);
        a.mkdir("c", 0755);
        a.create("f", 0644, RW, Owner.ROOT).close();
        assertEquals(3, root.stat().nlink());
        assertEquals(4, a.stat().nlink());
        assertEquals(100, a.stat().size());
        assertSame(root, a.lookup(".."));
        Expect.errno(Errno.ENOTEMPTY, () -> root.rmdir("a"));
        Expect.errno(Errno.ENOTDIR, () -> a.rmdir("f"));
        Expect.errno(Errno.EISDIR, () -> a.unlink("b"));
        Expect.errno(Errno.ENOENT, () -> a.rmdir("zz"));
        Expect.errno(Errno.EEXIST, () -> a.mkdir("b", 0755));
        Inode b = a.lookup("b");
        a.rmdir("b");
        assertEquals(3, a.stat().nlink());
        assertEquals(0, b.stat().nlink());
        Expect.errno(Errno.ENOENT, () -> b.create("x", 0644, RW, Owner.ROOT));
        Expect.errno(Errno.ENOENT, () -> b.mkdir("x", 0755));
    }

    @Test
    void inodeNumbersAreUniqueAndDirectoriesListNewestFirst() {
        Set<Long> inos = new HashSet<>();
        inos.add(root.stat().ino());
        for (String n : List.of("z", "a", "m")) {
            create(n).close();
            assertTrue(inos.add(root.lookup(n).stat().ino()));
        }
        root.mkdir("d", 0700);
        root.symlink("l", "z");
        root.mknod("p", StatMode.S_IFIFO | 0600, 0, Owner.ROOT);
        List<String> names = new ArrayList<>();
        for (DirEntry e : root.list()) {
            names.add(e.name());
            assertEquals(root.lookup(e.name()).stat().ino(), e.ino());
        }
        assertEquals(List.of("p", "l", "d", "m", "a", "z"), names);
        assertEquals(StatMode.DT_FIFO, root.list().get(0).type());
        assertEquals(StatMode.DT_LNK, root.list().get(1).type());
        root.rename("a", root, "a2");
        assertEquals("a2", root.list().get(0).name(), "a renamed entry lists first, as a new dentry");
        assertNotEquals(root.stat().dev(), tmpfs(4096).root().stat().dev(), "each mount has its own device");
    }

    @Test
    void renameReplacesAsLinuxDoes() {
        OpenFile a = create("a");
        a.write(bytes("A"));
        create("b").write(bytes("B"));
        root.rename("a", root, "b");
        Expect.errno(Errno.ENOENT, () -> root.lookup("a"));
        assertEquals("A", read(root.lookup("b").open(Fcntl.O_RDONLY), 0, 10));

        root.mkdir("d1", 0755);
        root.mkdir("d2", 0755);
        root.lookup("d1").mkdir("sub", 0755);
        root.mkdir("full", 0755);
        root.lookup("full").mkdir("x", 0755);
        assertEquals(5, root.stat().nlink());
        Expect.errno(Errno.EISDIR, () -> root.rename("b", root, "d2"));
        Expect.errno(Errno.ENOTDIR, () -> root.rename("d2", root, "b"));
        Expect.errno(Errno.ENOTEMPTY, () -> root.rename("d1", root, "full"));
        Expect.errno(Errno.EINVAL, () -> root.rename("d1", root.lookup("d1").lookup("sub"), "x"));
        Expect.errno(Errno.EINVAL, () -> root.rename("d1", root.lookup("d1"), "x"));
        Expect.errno(Errno.ENOENT, () -> root.rename("nothing", root, "x"));
        Inode d1 = root.lookup("d1");
        root.rename("d1", root, "d2");
        assertSame(d1, root.lookup("d2"));
        assertEquals(4, root.stat().nlink(), "the replaced directory's link is gone");
        root.rename("d2", root.lookup("full"), "moved");
        assertEquals(3, root.stat().nlink());
        assertEquals(4, root.lookup("full").stat().nlink());
        assertSame(root.lookup("full"), d1.lookup(".."));
        // Two names of one file: nothing happens.
        root.link("c", root.lookup("b"));
        root.rename("b", root, "c");
        assertEquals(2, root.lookup("b").stat().nlink());
        Expect.errno(Errno.EXDEV, () -> root.rename("b", tmpfs(4096).root(), "b"));
    }

    @Test
    void replacedFileIsReleasedWhenRenamedOver() {
        create("a").write(bytes("A"));
        OpenFile b = create("b");
        b.write(bytes("B"));
        b.close();
        assertEquals(2, pages.live.get());
        root.rename("a", root, "b");
        assertEquals(1, pages.live.get());
    }

    @Test
    void timesFollowTmpfs() {
        long t0 = root.stat().mtimeSec() * 1_000_000_000L + root.stat().mtimeNsec();
        OpenFile f = create("f");
        FileStat dir = root.stat();
        assertTrue(dir.mtimeSec() * 1_000_000_000L + dir.mtimeNsec() > t0, "creating changes the directory");
        FileStat before = f.stat();
        f.write(bytes("x"));
        FileStat written = f.stat();
        assertTrue(nanos(written.mtimeSec(), written.mtimeNsec()) > nanos(before.mtimeSec(), before.mtimeNsec()));
        assertEquals(nanos(written.mtimeSec(), written.mtimeNsec()), nanos(written.ctimeSec(), written.ctimeNsec()));
        f.inode().chmod(0600);
        FileStat chmodded = f.stat();
        assertEquals(written.mtimeNsec(), chmodded.mtimeNsec(), "chmod changes only ctime");
        assertTrue(chmodded.ctimeNsec() != written.ctimeNsec());
        assertEquals(0100600, chmodded.mode());
        read(f, 0, 1);
        FileStat readSt = f.stat();
        assertTrue(nanos(readSt.atimeSec(), readSt.atimeNsec()) > nanos(before.atimeSec(), before.atimeNsec()));
        read(f, 0, 1);
        assertEquals(readSt.atimeNsec(), f.stat().atimeNsec(), "relatime: atime newer than mtime stays");
        f.inode().setTimes(5_000_000_123L, null);
        assertEquals(5, f.stat().atimeSec());
        assertEquals(123, f.stat().atimeNsec());
        assertEquals(written.mtimeNsec(), f.stat().mtimeNsec());
    }

    private static long nanos(long sec, long nsec) {
        return sec * 1_000_000_000L + nsec;
    }

    @Test
    void ownersModesAndSetgidDirectories() {
        create("f").close();
        FileStat st = root.lookup("f").stat();
        assertEquals(1000, st.uid());
        assertEquals(100, st.gid());
        root.lookup("f").chown(-1, 5);
        assertEquals(1000, root.lookup("f").stat().uid());
        assertEquals(5, root.lookup("f").stat().gid());
        root.mkdir("g", 02775, new Owner(0, 50));
        Inode g = root.lookup("g");
        g.mkdir("sub", 0755, new Owner(1, 1));
        g.create("x", 0644, RW, new Owner(1, 1)).close();
        assertEquals(50, g.lookup("sub").stat().gid());
        assertEquals(02755 | StatMode.S_IFDIR, g.lookup("sub").stat().mode());
        assertEquals(50, g.lookup("x").stat().gid());
        assertEquals(1, g.lookup("x").stat().uid());
        assertEquals(01777 | StatMode.S_IFDIR, root.stat().mode());
    }

    @Test
    void symlinks() {
        root.symlink("l", "target/x");
        Inode l = root.lookup("l");
        assertTrue(l.isSymlink());
        assertEquals("target/x", l.readlink());
        assertEquals(8, l.stat().size());
        assertEquals(0, l.stat().blocks());
        assertEquals(StatMode.S_IFLNK | 0777, l.stat().mode());
        Expect.errno(Errno.ELOOP, () -> l.open(Fcntl.O_RDONLY));
        Expect.errno(Errno.EINVAL, () -> root.readlink());
        root.symlink("long", "x".repeat(200));
        assertEquals(8, root.lookup("long").stat().blocks());
    }

    @Test
    void xattrsOfUserAndTrustedNamespaces() {
        create("f").close();
        Inode f = root.lookup("f");
        f.setxattr("user.a", new byte[] {1, 2}, 0);
        assertArrayEquals(new byte[] {1, 2}, f.getxattr("user.a"));
        Expect.errno(Errno.EEXIST, () -> f.setxattr("user.a", new byte[] {3}, Xattr.XATTR_CREATE));
        f.setxattr("user.a", new byte[] {3}, Xattr.XATTR_REPLACE);
        assertArrayEquals(new byte[] {3}, f.getxattr("user.a"));
        Expect.errno(Errno.ENODATA, () -> f.setxattr("user.b", new byte[0], Xattr.XATTR_REPLACE));
        f.setxattr("trusted.t", new byte[0], Xattr.XATTR_CREATE);
        assertEquals(List.of("user.a", "trusted.t"), f.listxattr());
        f.removexattr("user.a");
        Expect.errno(Errno.ENODATA, () -> f.removexattr("user.a"));
        Expect.errno(Errno.ENODATA, () -> f.getxattr("user.a"));
        Expect.errno(Errno.EOPNOTSUPP, () -> f.setxattr("os2.x", new byte[0], 0));
        Expect.errno(Errno.EOPNOTSUPP, () -> f.getxattr("system.posix_acl_access"));
        root.symlink("l", "f");
        Expect.errno(Errno.EPERM, () -> root.lookup("l").setxattr("user.a", new byte[0], 0));
        Expect.errno(Errno.ENODATA, () -> root.lookup("l").getxattr("user.a"));
        root.lookup("l").setxattr("trusted.ok", new byte[] {9}, 0);
        root.setxattr("user.dir", new byte[] {7}, 0);
        assertArrayEquals(new byte[] {7}, root.getxattr("user.dir"));
    }

    @Test
    void appendWritesAtTheEndWhateverThePosition() {
        OpenFile f = create("f");
        f.write(bytes("0123456789"));
        OpenFile a = root.lookup("f").open(Fcntl.O_WRONLY | Fcntl.O_APPEND);
        a.seek(2, Fcntl.SEEK_SET);
        a.write(bytes("ab"));
        assertEquals(12, a.seek(0, Fcntl.SEEK_CUR));
        a.pwrite(bytes("cd"), 0);
        assertEquals("0123456789abcd", read(f, 0, 100));
        Expect.errno(Errno.EBADF, () -> a.read(ByteBuffer.allocate(1)));
        OpenFile r = root.lookup("f").open(Fcntl.O_RDONLY);
        Expect.errno(Errno.EBADF, () -> r.write(bytes("x")));
        root.lookup("f").open(Fcntl.O_WRONLY | Fcntl.O_TRUNC).close();
        assertEquals(0, f.stat().size());
        assertEquals(0, f.stat().blocks());
    }

    @Test
    void readdirStaysStableWhileEntriesGo() {
        for (int i = 0; i < 20; i++) {
            create("f" + i).close();
        }
        OpenFile dir = root.open(Fcntl.O_RDONLY | Fcntl.O_DIRECTORY);
        List<String> seen = new ArrayList<>();
        int[] budget = {5};
        dir.readDirectory((ino, next, type, name) -> {
            if (budget[0]-- == 0) {
                return false;
            }
            seen.add(name);
            return true;
        });
        for (int i = 0; i < 20; i += 2) {
            root.unlink("f" + i);
        }
        dir.readDirectory((ino, next, type, name) -> seen.add(name));
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no entry twice");
        for (int i = 1; i < 20; i += 2) {
            assertTrue(seen.contains("f" + i), "f" + i);
        }
        Expect.errno(Errno.EISDIR, () -> root.open(Fcntl.O_WRONLY));
    }

    @Test
    void fifosAndDeviceNodes() {
        root.mknod("p", StatMode.S_IFIFO | 0644, 0, Owner.ROOT);
        Inode p = root.lookup("p");
        Expect.errno(Errno.ENXIO, () -> p.open(Fcntl.O_WRONLY | Fcntl.O_NONBLOCK));
        OpenFile reader = p.open(Fcntl.O_RDONLY | Fcntl.O_NONBLOCK);
        OpenFile writer = p.open(Fcntl.O_WRONLY | Fcntl.O_NONBLOCK);
        writer.write(bytes("through"));
        assertEquals(StatMode.S_IFIFO | 0644, reader.stat().mode());
        assertSame(p, reader.inode());
        ByteBuffer b = ByteBuffer.allocate(20);
        assertEquals(7, reader.read(b));
        writer.close();
        reader.close();
        OpenFile both = p.open(Fcntl.O_RDWR);
        both.write(bytes("x"));
        assertEquals(1, both.read(ByteBuffer.allocate(4)));
        both.close();

        root.mknod("null", StatMode.S_IFCHR | 0666, FileStat.makedev(1, 3), Owner.ROOT);
        assertEquals(FileStat.makedev(1, 3), root.lookup("null").stat().rdev());
        // The device of its number, as chrdev_open: /dev/null reads nothing, writes vanish.
        OpenFile nul = root.lookup("null").open(Fcntl.O_RDWR);
        assertEquals(0, nul.read(ByteBuffer.allocate(4)));
        assertEquals(2, nul.write(bytes("xy")));
        nul.close();
        root.mknod("nodriver", StatMode.S_IFCHR | 0666, FileStat.makedev(240, 1), Owner.ROOT);
        Expect.errno(Errno.ENXIO, () -> root.lookup("nodriver").open(Fcntl.O_RDONLY));
        root.mknod("plain", 0600, 0, Owner.ROOT);
        assertEquals(StatMode.S_IFREG | 0600, root.lookup("plain").stat().mode());
        Expect.errno(Errno.EINVAL, () -> root.mknod("bad", StatMode.S_IFDIR | 0600, 0, Owner.ROOT));
        Expect.errno(Errno.EEXIST, () -> root.mknod("p", StatMode.S_IFIFO | 0600, 0, Owner.ROOT));
    }

    @Test
    void fifoReaderWaitsForAWriter() throws Exception {
        root.mknod("p", StatMode.S_IFIFO | 0644, 0, Owner.ROOT);
        Inode p = root.lookup("p");
        OpenFile[] opened = new OpenFile[1];
        Thread t = new Thread(() -> opened[0] = p.open(Fcntl.O_RDONLY));
        t.start();
        Thread.sleep(100);
        assertTrue(t.isAlive(), "the reader waits");
        OpenFile w = p.open(Fcntl.O_WRONLY);
        t.join(5000);
        assertTrue(opened[0] != null);
        w.write(bytes("hi"));
        assertEquals(2, opened[0].read(ByteBuffer.allocate(10)));
    }

    @Test
    void pagesHandOutTheFileMemoryAndCountAsWritten() {
        OpenFile f = create("f");
        f.write(bytes("abc"));
        SharedMappable m = (SharedMappable) f.inode();
        List<Piece> got = m.pages(0, 2 * EXTENT);
        assertEquals(2, got.size());
        assertEquals(0, got.get(0).offset());
        assertEquals(EXTENT, got.get(0).length());
        assertEquals(2 * EXTENT / 4096 * 8, f.stat().blocks(), "mapped holes are allocated");
        // A store through the mapping is what read(2) sees, and the other way round.
        got.get(1).memory().write(5, bytes("Z"));
        f.truncate(2 * EXTENT);
        assertEquals("Z", read(f, EXTENT + 5, 1));
        assertEquals((byte) 'b', ((ArenaPages.Block) got.get(0).memory()).get(1));
        f.close();
        root.unlink("f");
        assertEquals(2, pages.live.get(), "the caller still holds its references");
        got.forEach(p -> p.memory().release());
        assertEquals(0, pages.live.get());
        Expect.errno(Errno.EINVAL, () -> m.pages(1, 4096));
    }

    @Test
    void pagesBeyondTheLimitAreENOMEM() {
        fs = tmpfs(8192);
        root = fs.root();
        OpenFile f = create("f");
        Expect.errno(Errno.ENOMEM, () -> ((SharedMappable) f.inode()).pages(0, 3 * 4096));
    }

    @Test
    void sealsRefuseWhatTheyForbid() {
        TmpFile file = fs.createUnlinked(0777, Owner.ROOT);
        OpenFile f = file.open(RW);
        Expect.errno(Errno.EPERM, () -> file.addSeals(Memfd.F_SEAL_WRITE));
        file.allowSealing();
        assertEquals(0, file.seals());
        f.write(bytes("data"));
        file.addSeals(Memfd.F_SEAL_SHRINK);
        Expect.errno(Errno.EPERM, () -> f.truncate(1));
        f.truncate(10);
        file.addSeals(Memfd.F_SEAL_GROW);
        Expect.errno(Errno.EPERM, () -> f.truncate(11));
        Expect.errno(Errno.EPERM, () -> f.pwrite(bytes("x"), 10));
        assertEquals(2, f.pwrite(bytes("xyz"), 8), "the part below the size is written");
        file.writableMappingAdded();
        Expect.errno(Errno.EBUSY, () -> file.addSeals(Memfd.F_SEAL_WRITE));
        file.writableMappingRemoved();
        file.addSeals(Memfd.F_SEAL_WRITE);
        Expect.errno(Errno.EPERM, () -> f.pwrite(bytes("x"), 0));
        Expect.errno(Errno.EPERM, file::writableMappingAdded);
        assertEquals("data", read(f, 0, 4));
        Expect.errno(Errno.EINVAL, () -> file.addSeals(0x1000));
        file.addSeals(Memfd.F_SEAL_SEAL);
        Expect.errno(Errno.EPERM, () -> file.addSeals(Memfd.F_SEAL_GROW));
        assertEquals(Memfd.F_SEAL_SEAL | Memfd.F_SEAL_SHRINK | Memfd.F_SEAL_GROW | Memfd.F_SEAL_WRITE, file.seals());
        assertEquals(0, f.stat().nlink());
        f.close();
        assertEquals(0, pages.live.get());
    }

    @Test
    void parallelWritersAndAppendersKeepEveryByte() throws Exception {
        fs = tmpfs(64 << 20);
        root = fs.root();
        OpenFile shared = create("log");
        OpenFile appender = root.lookup("log").open(Fcntl.O_WRONLY | Fcntl.O_APPEND);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            threads.add(Thread.ofPlatform().start(() -> {
                OpenFile own = create("own" + id);
                for (int i = 0; i < 200; i++) {
                    appender.write(ByteBuffer.wrap(new byte[100]));
                    own.write(ByteBuffer.wrap(new byte[1000]));
                    root.mkdir("d" + id + "_" + i, 0755);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(4 * 200 * 100, shared.stat().size());
        for (int t = 0; t < 4; t++) {
            assertEquals(200_000, root.lookup("own" + t).stat().size());
        }
        assertEquals(2 + 800, root.stat().nlink());
    }
}
