package dev.zlx.vfs.host;

import static dev.zlx.vfs.Expect.errno;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.FileStat;
import dev.zlx.abi.StatMode;
import dev.zlx.vfs.DirEntry;
import dev.zlx.vfs.DirectoryFile;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Owner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory and file operations of hostfs, with the errors of the matching syscalls. */
class HostInodeTest {
    @TempDir
    Path dir;

    private Inode root;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(dir.resolve("file"), "hello");
        Files.createDirectories(dir.resolve("sub/inner"));
        Files.writeString(dir.resolve("sub/inner/deep"), "x");
        Files.createDirectory(dir.resolve("empty"));
        root = new HostFileSystem(dir, false).root();
    }

    private static String readAll(OpenFile f) {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (f.read(buf) > 0) {
            // keep reading
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }

    @Test
    void stat_reportsHostAttributesWithoutFollowing() throws IOException {
        Files.createSymbolicLink(dir.resolve("link"), Path.of("file"));
        FileStat file = root.lookup("file").stat();
        assertEquals(StatMode.S_IFREG, file.mode() & StatMode.S_IFMT);
        assertEquals(5, file.size());
        assertEquals(Files.getAttribute(dir.resolve("file"), "unix:ino"), file.ino());
        FileStat link = root.lookup("link").stat();
        assertEquals(StatMode.S_IFLNK, link.mode() & StatMode.S_IFMT);
        assertEquals(4, link.size());
        assertTrue(root.lookup("link").isSymlink());
        assertFalse(root.lookup("link").isDirectory());
    }

    @Test
    void lookup_missingName_isENOENT() {
        errno(Errno.ENOENT, () -> root.lookup("missing"));
    }

    @Test
    void lookup_inRegularFile_isENOTDIR() {
        errno(Errno.ENOTDIR, () -> root.lookup("file").lookup("x"));
    }

    @Test
    void lookup_inSymlinkToDirectory_isENOTDIR() throws IOException {
        Files.createSymbolicLink(dir.resolve("dirlink"), Path.of("sub"));
        errno(Errno.ENOTDIR, () -> root.lookup("dirlink").lookup("inner"));
    }

    @Test
    void lookup_dotDotOrSlash_isRefused() {
        errno(Errno.EINVAL, () -> root.lookup(".."));
        errno(Errno.EINVAL, () -> root.lookup("."));
        errno(Errno.EINVAL, () -> root.lookup("sub/inner"));
        errno(Errno.EINVAL, () -> root.lookup(""));
    }

    @Test
    void readlink_onNonSymlink_isEINVAL() {
        errno(Errno.EINVAL, () -> root.lookup("file").readlink());
    }

    @Test
    void create_newFile_appliesModeAndOpensIt() throws IOException {
        OpenFile f = root.create("new", 0640, Fcntl.O_RDWR);
        f.write(ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8)));
        f.close();
        assertEquals("abc", Files.readString(dir.resolve("new")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("new"))));
        assertEquals(0640, root.lookup("new").stat().mode() & 07777);
    }

    @Test
    void create_readOnlyModeStillGivesWritableDescriptor() throws IOException {
        OpenFile f = root.create("ro", 0444, Fcntl.O_WRONLY);
        f.write(ByteBuffer.wrap(new byte[] {1, 2}));
        f.close();
        assertEquals(2, Files.size(dir.resolve("ro")));
    }

    @Test
    void create_existingName_isEEXIST() throws IOException {
        errno(Errno.EEXIST, () -> root.create("file", 0644, Fcntl.O_WRONLY));
        Files.createSymbolicLink(dir.resolve("dangling"), Path.of("nowhere"));
        errno(Errno.EEXIST, () -> root.create("dangling", 0644, Fcntl.O_WRONLY));
        assertFalse(Files.exists(dir.resolve("nowhere")));
    }

    @Test
    void mkdir_makesDirectoryAndExistingIsEEXIST() {
        root.mkdir("made", 0750);
        assertTrue(Files.isDirectory(dir.resolve("made")));
        assertEquals(StatMode.S_IFDIR | 0750, root.lookup("made").stat().mode());
        errno(Errno.EEXIST, () -> root.mkdir("made", 0755));
        errno(Errno.EEXIST, () -> root.mkdir("file", 0755));
    }

    @Test
    void directoryOperationsOnRegularFile_areENOTDIR() {
        Inode file = root.lookup("file");
        errno(Errno.ENOTDIR, () -> file.list());
        errno(Errno.ENOTDIR, () -> file.open(Fcntl.O_RDONLY | Fcntl.O_DIRECTORY));
    }

    @Test
    void unlink_removesFileAndRefusesDirectory() {
        root.unlink("file");
        assertFalse(Files.exists(dir.resolve("file")));
        errno(Errno.ENOENT, () -> root.unlink("file"));
        errno(Errno.EISDIR, () -> root.unlink("empty"));
    }

    @Test
    void unlink_symlink_removesTheLinkNotItsTarget() throws IOException {
        Files.createSymbolicLink(dir.resolve("dirlink"), Path.of("sub"));
        root.unlink("dirlink");
        assertFalse(Files.exists(dir.resolve("dirlink"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isDirectory(dir.resolve("sub")));
    }

    @Test
    void rmdir_removesEmptyAndRefusesOthers() throws IOException {
        Files.createSymbolicLink(dir.resolve("dirlink"), Path.of("empty"));
        errno(Errno.ENOTEMPTY, () -> root.rmdir("sub"));
        errno(Errno.ENOTDIR, () -> root.rmdir("file"));
        errno(Errno.ENOTDIR, () -> root.rmdir("dirlink"));
        errno(Errno.ENOENT, () -> root.rmdir("missing"));
        root.rmdir("empty");
        assertFalse(Files.exists(dir.resolve("empty")));
    }

    @Test
    void rename_fileOverFile_replacesIt() throws IOException {
        Files.writeString(dir.resolve("other"), "other");
        root.rename("file", root, "other");
        assertEquals("hello", Files.readString(dir.resolve("other")));
        assertFalse(Files.exists(dir.resolve("file")));
    }

    @Test
    void rename_intoAnotherDirectory_moves() throws IOException {
        root.rename("file", root.lookup("sub"), "moved");
        assertEquals("hello", Files.readString(dir.resolve("sub/moved")));
    }

    @Test
    void rename_directoryOverEmptyDirectory_replacesIt() {
        root.mkdir("d", 0755);
        root.rename("d", root, "empty");
        assertFalse(Files.exists(dir.resolve("d")));
        assertTrue(Files.isDirectory(dir.resolve("empty")));
    }

    @Test
    void rename_typeMismatchesAndNonEmptyTarget_areRefused() {
        errno(Errno.ENOTDIR, () -> root.rename("empty", root, "file"));
        errno(Errno.EISDIR, () -> root.rename("file", root, "empty"));
        errno(Errno.ENOTEMPTY, () -> root.rename("empty", root, "sub"));
        errno(Errno.ENOENT, () -> root.rename("missing", root, "x"));
        errno(Errno.EINVAL, () -> root.rename("sub", root.lookup("sub").lookup("inner"), "loop"));
        assertTrue(Files.exists(dir.resolve("file")));
    }

    @Test
    void rename_toAnotherFileSystem_isEXDEV(@TempDir Path other) {
        Inode otherRoot = new HostFileSystem(other, false).root();
        errno(Errno.EXDEV, () -> root.rename("file", otherRoot, "file"));
    }

    @Test
    void readOnlyFileSystem_refusesEveryWriteWithEROFS() throws IOException {
        Inode ro = new HostFileSystem(dir, true).root();
        errno(Errno.EROFS, () -> ro.create("new", 0644, Fcntl.O_WRONLY));
        errno(Errno.EROFS, () -> ro.mkdir("new", 0755));
        errno(Errno.EROFS, () -> ro.unlink("file"));
        errno(Errno.EROFS, () -> ro.rmdir("empty"));
        errno(Errno.EROFS, () -> ro.rename("file", ro, "other"));
        errno(Errno.EROFS, () -> ro.lookup("file").chmod(0600));
        errno(Errno.EROFS, () -> ro.lookup("file").open(Fcntl.O_WRONLY));
        errno(Errno.EROFS, () -> ro.lookup("file").open(Fcntl.O_RDWR));
        errno(Errno.EROFS, () -> ro.lookup("file").open(Fcntl.O_RDONLY | Fcntl.O_TRUNC));
        OpenFile f = ro.lookup("file").open(Fcntl.O_RDONLY);
        assertEquals("hello", readAll(f));
        f.close();
        assertEquals("hello", Files.readString(dir.resolve("file")));
    }

    @Test
    void open_directoryForWriting_isEISDIR() {
        errno(Errno.EISDIR, () -> root.lookup("sub").open(Fcntl.O_WRONLY));
        errno(Errno.EISDIR, () -> root.lookup("sub").open(Fcntl.O_RDWR));
        assertInstanceOf(DirectoryFile.class, root.lookup("sub").open(Fcntl.O_RDONLY | Fcntl.O_DIRECTORY));
    }

    @Test
    void open_symlinkItself_isELOOP() throws IOException {
        // What open(O_NOFOLLOW) reaches: the walk stops at the link.
        Files.createSymbolicLink(dir.resolve("link"), Path.of("file"));
        errno(Errno.ELOOP, () -> root.lookup("link").open(Fcntl.O_RDONLY | Fcntl.O_NOFOLLOW));
    }

    @Test
    void open_withTrunc_emptiesTheFile() throws IOException {
        root.lookup("file").open(Fcntl.O_WRONLY | Fcntl.O_TRUNC).close();
        assertEquals(0, Files.size(dir.resolve("file")));
    }

    @Test
    void open_statusFlagsKeepAccessModeAndDropOpenOnlyFlags() {
        OpenFile f = root.lookup("file").open(Fcntl.O_RDWR | Fcntl.O_APPEND | Fcntl.O_CLOEXEC | Fcntl.O_NOCTTY);
        assertEquals(Fcntl.O_RDWR | Fcntl.O_APPEND, f.statusFlags());
        f.close();
    }

    @Test
    void open_hostCharacterDevice_isEACCES() throws Exception {
        Path node = dir.resolve("nulldev");
        int status;
        try {
            Process p = new ProcessBuilder("mknod", node.toString(), "c", "1", "3").redirectErrorStream(true).start();
            assumeTrue(p.waitFor(10, TimeUnit.SECONDS));
            status = p.exitValue();
        } catch (IOException noMknod) {
            status = -1;
        }
        assumeTrue(status == 0, "mknod needs root and a mknod binary");
        Inode dev = root.lookup("nulldev");
        assertEquals(StatMode.S_IFCHR, dev.stat().mode() & StatMode.S_IFMT);
        // hostfs is nodev: may_open refuses with EACCES.
        errno(Errno.EACCES, () -> dev.open(Fcntl.O_RDONLY));
        errno(Errno.EACCES, () -> dev.open(Fcntl.O_WRONLY));
    }

    @Test
    void list_givesEveryEntryWithInoAndTypeButNoDots() throws IOException {
        Files.createSymbolicLink(dir.resolve("link"), Path.of("file"));
        Map<String, DirEntry> byName = root.list().stream().collect(Collectors.toMap(DirEntry::name, e -> e));
        assertEquals(java.util.Set.of("file", "sub", "empty", "link"), byName.keySet());
        assertEquals(StatMode.DT_REG, byName.get("file").type());
        assertEquals(StatMode.DT_DIR, byName.get("sub").type());
        assertEquals(StatMode.DT_LNK, byName.get("link").type());
        assertEquals(Files.getAttribute(dir.resolve("sub"), "unix:ino"), byName.get("sub").ino());
    }

    @Test
    void chmod_changesPermissionBits() throws IOException {
        root.lookup("file").chmod(0600);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("file"))));
    }

    /** touch -d on a FIFO: the times are set on the name, without opening it (which would wait for a writer). */
    @Test
    void setTimes_onFifo_doesNotOpenIt() throws IOException {
        root.mknod("fifo", StatMode.S_IFIFO | 0644, 0, Owner.ROOT);
        Inode fifo = root.lookup("fifo");
        assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> fifo.setTimes(1_000_000_000_123_456_789L, null));
        assertEquals(FileTime.from(Instant.ofEpochSecond(1_000_000_000L, 123_456_789L)),
                Files.getAttribute(dir.resolve("fifo"), "lastAccessTime", LinkOption.NOFOLLOW_LINKS));
        fifo.setTimes(null, 2_000_000_000_000_000_000L);
        assertEquals(FileTime.from(Instant.ofEpochSecond(2_000_000_000L)),
                Files.getLastModifiedTime(dir.resolve("fifo"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(1_000_000_000L, ((FileTime) Files.getAttribute(dir.resolve("fifo"),
                "lastAccessTime", LinkOption.NOFOLLOW_LINKS)).toInstant().getEpochSecond(), "the omitted time stays");
    }

    @Test
    void setTimes_onSymlink_setsTheLinksOwnTimes() throws IOException {
        Files.createSymbolicLink(dir.resolve("link"), Path.of("file"));
        long before = Files.getLastModifiedTime(dir.resolve("file")).toMillis();
        root.lookup("link").setTimes(null, 5_000_000_000L);
        assertEquals(5_000L, Files.getLastModifiedTime(dir.resolve("link"), LinkOption.NOFOLLOW_LINKS).toMillis());
        assertEquals(before, Files.getLastModifiedTime(dir.resolve("file")).toMillis());
    }

    @Test
    void theLstatKeptForACall_isDroppedByAnyChangeThroughZlx() {
        // One inode, asked again right after each change, as one syscall's checks ask it.
        Inode file = root.lookup("file");
        OpenFile f = file.open(Fcntl.O_WRONLY);
        // Many rounds, so that once compiled, the stat after the write comes within the time an lstat is kept.
        for (int size = 6; size < 3000; size++) {
            assertEquals(size - 1, file.stat().size());
            f.pwrite(ByteBuffer.wrap(new byte[] {'x'}), size - 1);
            assertEquals(size, file.stat().size());
        }
        f.truncate(2);
        assertEquals(2, file.stat().size());
        f.close();
        file.chmod(0600);
        assertEquals(0600, file.stat().mode() & 07777);
        Inode sub = root.lookup("sub");
        long links = sub.stat().nlink();
        sub.mkdir("more", 0755);
        assertEquals(links + 1, sub.stat().nlink());
    }
}
