package dev.zlx.vfs.overlay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.FileStat;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.DirEntry;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Owner;
import dev.zlx.vfs.host.HostFileSystem;
import dev.zlx.vfs.tmpfs.ArenaPages;
import dev.zlx.vfs.tmpfs.TmpFs;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class OverlayFsTest {
    private static final Owner USER = new Owner(1000, 100);
    private final ArenaPages pages = new ArenaPages();
    private final Inode lower1 = tmpfs();
    private final Inode lower2 = tmpfs();
    private final Inode upperRoot = tmpfs();

    private Inode tmpfs() {
        return new TmpFs(pages, 64 << 20, 0755, Owner.ROOT).root();
    }

    private static void write(Inode dir, String name, String text) {
        OpenFile f = dir.create(name, 0640, Fcntl.O_WRONLY, USER);
        f.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        f.close();
    }

    private static String read(Inode file) {
        OpenFile f = file.open(Fcntl.O_RDONLY);
        ByteBuffer b = ByteBuffer.allocate(4096);
        int n = f.pread(b, 0);
        f.close();
        return new String(b.array(), 0, Math.max(n, 0), StandardCharsets.UTF_8);
    }

    private static List<String> names(Inode dir) {
        List<String> out = new ArrayList<>();
        for (DirEntry e : dir.list()) {
            out.add(e.name());
        }
        return out;
    }

    private static void fails(Errno errno, Executable action) {
        LinuxException e = assertThrows(LinuxException.class, action);
        assertEquals(errno, e.errno());
    }

    private static Inode dir(Inode parent, String name) {
        parent.mkdir(name, 0755, USER);
        return parent.lookup(name);
    }

    private Inode overlay() {
        return new OverlayFs(List.of(lower1, lower2), upperRoot).root();
    }

    @Test
    void listingMergesLayersTopmostFirst() {
        write(lower1, "a", "a from lower1");
        write(lower2, "a", "a from lower2");
        write(lower2, "b", "b");
        write(dir(lower1, "d"), "x", "x");
        write(dir(lower2, "d"), "y", "y");
        write(upperRoot, "c", "c");
        Inode root = overlay();
        assertEquals(List.of("c", "d", "a", "b"), names(root), "upper first, then each lower's own order");
        assertEquals("a from lower1", read(root.lookup("a")));
        assertEquals(List.of("x", "y"), names(root.lookup("d")));
        assertSame(root.lookup("d"), root.lookup("d"), "one node per object");
        assertSame(root, root.lookup("d").lookup(".."));
    }

    @Test
    void whiteoutsAndOpaqueDirectoriesInBothFormatsHideLowerLayers() {
        write(lower2, "b", "b");
        write(lower2, "gone", "gone");
        write(lower1, ".wh.b", "");
        upperRoot.mknod("gone", StatMode.S_IFCHR | 0, 0, Owner.ROOT);
        Inode d1 = dir(lower1, "d");
        write(d1, "x", "x");
        write(d1, ".wh..wh..opq", "");
        write(dir(lower2, "d"), "y", "y");
        Inode root = overlay();
        assertEquals(List.of("d"), names(root));
        fails(Errno.ENOENT, () -> root.lookup("b"));
        fails(Errno.ENOENT, () -> root.lookup("gone"));
        fails(Errno.ENOENT, () -> root.lookup(".wh.b"));
        assertEquals(List.of("x"), names(root.lookup("d")));
    }

    @Test
    void writingCopiesUpWithDataAndAttributesAndLeavesTheLowerAlone() {
        write(dir(lower1, "dir"), "f", "hello world");
        lower1.lookup("dir").lookup("f").setTimes(1_000_000_000L, 2_000_000_000L);
        lower1.lookup("dir").lookup("f").setxattr("user.k", "v".getBytes(StandardCharsets.UTF_8), 0);
        Inode root = overlay();
        Inode f = root.lookup("dir").lookup("f");
        long dirIno = root.lookup("dir").stat().ino();
        OpenFile w = f.open(Fcntl.O_WRONLY);
        w.pwrite(ByteBuffer.wrap("J".getBytes(StandardCharsets.UTF_8)), 0);
        w.close();
        assertEquals("Jello world", read(f));
        assertEquals("hello world", read(lower1.lookup("dir").lookup("f")));
        Inode copied = upperRoot.lookup("dir").lookup("f");
        assertEquals("Jello world", read(copied));
        FileStat st = copied.stat();
        assertEquals(StatMode.S_IFREG | 0640, st.mode());
        assertEquals(1000, st.uid());
        assertEquals(100, st.gid());
        assertArrayEquals("v".getBytes(StandardCharsets.UTF_8), copied.getxattr("user.k"));
        assertEquals(dirIno, root.lookup("dir").stat().ino(), "copy-up keeps a directory's st_ino");
        write(lower1.lookup("dir"), "g", "g");
        lower1.lookup("dir").lookup("g").setTimes(1_000_000_000L, 2_000_000_000L);
        root.lookup("dir").lookup("g").chmod(0600);
        FileStat g = upperRoot.lookup("dir").lookup("g").stat();
        assertEquals(1, g.atimeSec(), "copy-up keeps times");
        assertEquals(2, g.mtimeSec());
        assertEquals(root.stat().dev(), root.lookup("dir").stat().dev());
    }

    @Test
    void truncatingOpenCopiesUpNoDataAndSparseFilesStaySparse() {
        OpenFile big = lower1.create("sparse", 0644, Fcntl.O_RDWR, USER);
        big.pwrite(ByteBuffer.wrap(new byte[] {1}), 8 << 20);
        big.close();
        write(lower1, "t", "old text");
        Inode root = overlay();
        root.lookup("t").open(Fcntl.O_WRONLY | Fcntl.O_TRUNC).close();
        assertEquals(0, upperRoot.lookup("t").stat().size());
        root.lookup("sparse").chmod(0600);
        FileStat st = upperRoot.lookup("sparse").stat();
        assertEquals((8 << 20) + 1, st.size());
        assertTrue(st.blocks() < 64, "holes stay holes: " + st.blocks());
        assertEquals(StatMode.S_IFREG | 0644, lower1.lookup("sparse").stat().mode());
    }

    @Test
    void removingALowerNameLeavesAWhiteoutAndMakingItAgainClearsIt() {
        write(lower1, "f", "f");
        write(dir(lower1, "d"), "x", "x");
        Inode root = overlay();
        root.unlink("f");
        fails(Errno.ENOENT, () -> root.lookup("f"));
        assertTrue(Layers.isWhiteout(upperRoot.lookup("f")));
        write(root, "f", "new");
        assertEquals("new", read(root.lookup("f")));
        fails(Errno.ENOTEMPTY, () -> root.rmdir("d"));
        root.lookup("d").unlink("x");
        root.rmdir("d");
        assertEquals(List.of("f"), names(root));
        root.mkdir("d", 0700, USER);
        assertEquals(List.of(), names(root.lookup("d")), "a directory made over a whiteout is opaque");
        assertEquals(List.of("x"), names(lower1.lookup("d")));
    }

    @Test
    void renamesMoveThroughTheUpperLayerAndLowerDirectoriesAreExdev() {
        write(lower1, "f", "f");
        write(dir(lower1, "lowdir"), "x", "x");
        Inode root = overlay();
        root.mkdir("updir", 0755, USER);
        write(root.lookup("updir"), "u", "u");
        root.rename("f", root.lookup("updir"), "g");
        fails(Errno.ENOENT, () -> root.lookup("f"));
        assertEquals("f", read(root.lookup("updir").lookup("g")));
        fails(Errno.EXDEV, () -> root.rename("lowdir", root, "other"));
        Inode moved = root.lookup("updir");
        root.rename("updir", root, "renamed");
        assertSame(moved, root.lookup("renamed"));
        assertEquals(List.of("g", "u"), names(root.lookup("renamed")));
        root.lookup("lowdir").unlink("x");
        root.rename("renamed", root, "lowdir");
        assertEquals(List.of("g", "u"), names(root.lookup("lowdir")), "moved over a lower directory: opaque");
    }

    @Test
    void attributeChangesCopyUpAndOverlayXattrsStayPrivate() {
        write(lower1, "f", "f");
        Inode root = overlay();
        Inode f = root.lookup("f");
        FileStat before = f.stat();
        f.chmod(0600);
        assertEquals(StatMode.S_IFREG | 0600, f.stat().mode());
        assertEquals(StatMode.S_IFREG | 0640, lower1.lookup("f").stat().mode());
        assertNotEquals(before.dev(), root.stat().dev(), "non-directories show their layer's device");
        fails(Errno.EOPNOTSUPP, () -> f.setxattr("trusted.overlay.opaque", new byte[] {'y'}, 0));
        root.mkdir("nd", 0755, USER);
        assertFalse(root.lookup("nd").listxattr().contains("trusted.overlay.opaque"));
    }

    @Test
    void withoutAnUpperLayerEveryChangeIsErofs() {
        write(lower1, "f", "f");
        Inode root = new OverlayFs(List.of(lower1), null).root();
        assertTrue(root.fileSystem().readOnly());
        fails(Errno.EROFS, () -> root.lookup("f").chmod(0600));
        fails(Errno.EROFS, () -> root.create("g", 0644, Fcntl.O_WRONLY, USER));
        assertEquals("f", read(root.lookup("f")));
    }

    @Test
    void aHostUpperKeepsWhiteoutsForTheNextMount(@TempDir Path host) throws Exception {
        write(lower1, "f", "f");
        write(dir(lower1, "d"), "x", "x");
        Files.createDirectory(host.resolve("upper"));
        Inode upper = new HostFileSystem(host.resolve("upper"), false).root();
        Inode root = new OverlayFs(List.of(lower1), upper).root();
        root.unlink("f");
        root.lookup("d").unlink("x");
        root.rmdir("d");
        root.mkdir("d", 0755, USER);
        assertEquals(List.of("d"), names(root));
        assertEquals(List.of(), names(root.lookup("d")));
        Inode again = new OverlayFs(List.of(lower1), upper).root();
        assertEquals(List.of("d"), names(again), "the upper layer alone says what was removed");
        assertEquals(List.of(), names(again.lookup("d")));
    }

    @Test
    void tmpfilesAreMadeInTheUpperLayerAndLinkedIntoTheOverlay() {
        Inode root = overlay();
        OpenFile f = root.createTmpfile(0600, Fcntl.O_RDWR, USER, true);
        f.write(ByteBuffer.wrap("unnamed".getBytes(StandardCharsets.UTF_8)));
        assertEquals(0, f.stat().nlink());
        root.link("named", f.inode());
        f.close();
        assertEquals("unnamed", read(root.lookup("named")));
        assertEquals("unnamed", read(upperRoot.lookup("named")));
        fails(Errno.EXDEV, () -> root.link("other", lower1.lookup(".")));
    }
}
