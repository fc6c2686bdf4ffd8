package dev.zlx.vfs.synthetic;

import static dev.zlx.vfs.Expect.errno;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.DirEntry;
import dev.zlx.vfs.DirectoryFile;
import dev.zlx.vfs.Inode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fixed and dynamic entries of a synthetic directory. */
class SyntheticDirectoryTest {
    private final SyntheticFileSystem fs = new SyntheticFileSystem("proc");

    /** A /proc-like directory with one dynamic subdirectory per live "pid". */
    private final class Processes extends SyntheticDirectory {
        final List<String> live = new ArrayList<>();
        final Map<String, Inode> made = new HashMap<>();

        Processes() {
            super(fs, 0555);
        }

        @Override
        protected List<String> dynamicNames() {
            return List.copyOf(live);
        }

        @Override
        protected Inode dynamicLookup(String name) {
            return live.contains(name) ? made.computeIfAbsent(name, n -> new SyntheticDirectory(fs, 0555)) : null;
        }
    }

    private static List<String> names(List<DirEntry> entries) {
        return entries.stream().map(DirEntry::name).toList();
    }

    @Test
    void lookup_fixedEntry_returnsTheAddedChild() {
        SyntheticDirectory dir = new SyntheticDirectory(fs, 0555);
        GeneratedFile f = dir.add("version", new GeneratedFile(fs, 0444, () -> new byte[0]));
        assertSame(f, dir.lookup("version"));
        errno(Errno.ENOENT, () -> dir.lookup("missing"));
    }

    @Test
    void list_fixedEntriesInInsertionOrderWithTypes() {
        SyntheticDirectory dir = new SyntheticDirectory(fs, 0555);
        GeneratedFile z = dir.add("z", new GeneratedFile(fs, 0444, () -> new byte[0]));
        dir.add("a", new SyntheticDirectory(fs, 0555));
        dir.add("self", new SyntheticSymlink(fs, () -> "1"));
        List<DirEntry> list = dir.list();
        assertEquals(List.of("z", "a", "self"), names(list));
        assertEquals(List.of(StatMode.DT_REG, StatMode.DT_DIR, StatMode.DT_LNK), list.stream().map(DirEntry::type).toList());
        assertEquals(z.stat().ino(), list.get(0).ino());
    }

    @Test
    void dynamicEntries_followTheLiveStateAtEachLookupAndListing() {
        Processes proc = new Processes();
        proc.add("self", new SyntheticSymlink(fs, () -> "1"));
        proc.live.add("1");
        assertEquals(List.of("self", "1"), names(proc.list()));
        proc.live.add("42");
        assertEquals(List.of("self", "1", "42"), names(proc.list()));
        assertInstanceOf(SyntheticDirectory.class, proc.lookup("42"));
        proc.live.remove("42");
        errno(Errno.ENOENT, () -> proc.lookup("42"));
        assertEquals(List.of("self", "1"), names(proc.list()));
    }

    @Test
    void fixedEntry_winsOverDynamicOfSameName() {
        Processes proc = new Processes();
        SyntheticDirectory fixed = proc.add("1", new SyntheticDirectory(fs, 0555));
        proc.live.add("1");
        assertSame(fixed, proc.lookup("1"));
    }

    @Test
    void open_readOnlyGivesDirectoryFileAndWritingIsEISDIR() {
        SyntheticDirectory dir = new SyntheticDirectory(fs, 0555);
        assertInstanceOf(DirectoryFile.class, dir.open(Fcntl.O_RDONLY));
        errno(Errno.EISDIR, () -> dir.open(Fcntl.O_WRONLY));
        errno(Errno.EISDIR, () -> dir.open(Fcntl.O_RDWR));
    }

    @Test
    void stat_isDirectoryWithOwnInodeNumberAndTwoLinks() {
        SyntheticDirectory one = new SyntheticDirectory(fs, 0555);
        SyntheticDirectory two = new SyntheticDirectory(fs, 0555);
        assertEquals(StatMode.S_IFDIR | 0555, one.stat().mode());
        assertEquals(2, one.stat().nlink());
        assertNotEquals(one.stat().ino(), two.stat().ino());
        assertEquals(one.stat().dev(), two.stat().dev());
        assertNotEquals(one.stat().dev(), new SyntheticDirectory(new SyntheticFileSystem("sysfs"), 0555).stat().dev());
    }

    @Test
    void pathOperations_areRefused() {
        SyntheticDirectory dir = new SyntheticDirectory(fs, 0555);
        errno(Errno.EROFS, () -> dir.create("x", 0644, Fcntl.O_WRONLY));
        errno(Errno.EROFS, () -> dir.mkdir("x", 0755));
        errno(Errno.EINVAL, () -> dir.readlink());
    }
}
