package dev.zlx.vfs;

import static dev.zlx.vfs.Expect.errno;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.vfs.host.HostFileSystem;
import dev.zlx.vfs.synthetic.GeneratedFile;
import dev.zlx.vfs.synthetic.SyntheticDirectory;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;
import dev.zlx.vfs.synthetic.SyntheticSymlink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The path walk against a hostfs root in a temporary directory, with the rules of
 * path_resolution(7) and fs/namei.c.
 */
class PathWalkerTest {
    @TempDir
    Path host;

    private Path rootDir;
    private MountTable mounts;
    private PathWalker walker;
    private Resolved root;

    @BeforeEach
    void setUp() throws IOException {
        rootDir = Files.createDirectory(host.resolve("root"));
        Files.createDirectories(rootDir.resolve("a/b/c"));
        Files.writeString(rootDir.resolve("a/b/file"), "in b");
        Files.writeString(rootDir.resolve("top"), "top");
        mounts = new MountTable();
        mounts.mount("/", new HostFileSystem(rootDir, false), false);
        walker = new PathWalker(mounts);
        root = walker.rootOfTree();
    }

    private Resolved resolve(String path) {
        return walker.resolve(root, root, path, true);
    }

    private long hostIno(Path p) throws IOException {
        return (Long) Files.readAttributes(p, "unix:ino", java.nio.file.LinkOption.NOFOLLOW_LINKS).get("ino");
    }

    private static String read(Resolved r) {
        OpenFile f = r.inode().open(Fcntl.O_RDONLY);
        try {
            ByteBuffer buf = ByteBuffer.allocate(4096);
            f.read(buf);
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        } finally {
            f.close();
        }
    }

    @Test
    void resolve_nestedPath_givesCanonicalPathAndHostObject() throws IOException {
        Resolved r = resolve("/a/b/file");
        assertEquals("/a/b/file", r.path());
        assertEquals(hostIno(rootDir.resolve("a/b/file")), r.inode().stat().ino());
        assertEquals("in b", read(r));
    }

    @Test
    void resolve_dotsAndRepeatedSlashes_areCanonicalized() {
        Resolved r = resolve("//a/./b//c/../../b/./file");
        assertEquals("/a/b/file", r.path());
    }

    @Test
    void resolve_dotDotAtRoot_staysAtRoot() throws IOException {
        Resolved r = resolve("/../../..");
        assertEquals("/", r.path());
        assertEquals(hostIno(rootDir), r.inode().stat().ino());
        assertEquals("/top", resolve("/../../top").path());
    }

    @Test
    void resolve_relativeDotDotFromRootStart_staysAtRoot() {
        assertEquals("/top", walker.resolve(root, root, "../../../top", true).path());
    }

    @Test
    void resolve_relativeFromDeepStart_climbsAboveTheStart() throws IOException {
        Resolved start = resolve("/a/b/c");
        // The walk never went through /a and /a/b: climbing rebuilds them.
        Resolved r = walker.resolve(root, start, "../../../top", true);
        assertEquals("/top", r.path());
        assertEquals(hostIno(rootDir.resolve("top")), r.inode().stat().ino());
        assertEquals("/a/b/file", walker.resolve(root, start, "../file", true).path());
        assertEquals("/", walker.resolve(root, start, "../../../../../..", true).path());
    }

    @Test
    void resolve_relativePath_startsAtStartAndAbsoluteIgnoresIt() {
        Resolved start = resolve("/a/b");
        assertEquals("/a/b/file", walker.resolve(root, start, "file", true).path());
        assertEquals("/a/b", walker.resolve(root, start, ".", true).path());
        assertEquals("/top", walker.resolve(root, start, "/top", true).path());
    }

    @Test
    void resolve_chrootedRoot_dotDotStopsAtThatRoot() {
        Resolved jail = resolve("/a");
        Resolved r = walker.resolve(jail, jail, "/../../b/../..", true);
        assertEquals("/a", r.path());
        errno(Errno.ENOENT, () -> walker.resolve(jail, jail, "/../top", true));
    }

    @Test
    void resolve_emptyPath_isENOENT() {
        errno(Errno.ENOENT, () -> resolve(""));
    }

    @Test
    void resolve_missingComponent_isENOENT() {
        errno(Errno.ENOENT, () -> resolve("/a/missing/file"));
        errno(Errno.ENOENT, () -> resolve("/a/missing"));
    }

    @Test
    void resolve_fileUsedAsDirectory_isENOTDIR() {
        errno(Errno.ENOTDIR, () -> resolve("/top/x"));
        errno(Errno.ENOTDIR, () -> resolve("/top/."));
        errno(Errno.ENOTDIR, () -> resolve("/top/.."));
    }

    @Test
    void resolve_trailingSlashOnFile_isENOTDIR() {
        errno(Errno.ENOTDIR, () -> resolve("/top/"));
        errno(Errno.ENOTDIR, () -> walker.resolve(root, root, "/top/", false));
    }

    @Test
    void resolve_trailingSlashOnDirectory_resolves() {
        assertEquals("/a/b", resolve("/a/b/").path());
    }

    @Test
    void resolve_componentOf255Bytes_isLookedUpButOf256_isENAMETOOLONG() {
        errno(Errno.ENOENT, () -> resolve("/" + "x".repeat(255)));
        errno(Errno.ENAMETOOLONG, () -> resolve("/" + "x".repeat(256)));
    }

    @Test
    void resolve_componentOfMoreThan255Utf8Bytes_isENAMETOOLONG() {
        // 128 two-byte characters: 256 bytes in the guest's memory.
        errno(Errno.ENAMETOOLONG, () -> resolve("/" + "é".repeat(128)));
    }

    @Test
    void resolve_pathOf4096Bytes_isENAMETOOLONG() {
        String longest = "/" + "./".repeat(2047);   // 4095 bytes: still a path
        assertEquals(4095, longest.length());
        assertEquals("/", resolve(longest).path());
        errno(Errno.ENAMETOOLONG, () -> resolve(longest + "."));
    }

    @Test
    void resolve_pathOf4096Utf8Bytes_isENAMETOOLONG() {
        String path = "/" + "./".repeat(2046) + "é/";   // 4095 characters, 4096 bytes
        assertEquals(4095, path.length());
        errno(Errno.ENAMETOOLONG, () -> resolve(path));
    }

    @Test
    void resolve_relativeSymlink_isFollowedFromItsDirectory() throws IOException {
        Files.createSymbolicLink(rootDir.resolve("a/link"), Path.of("b/file"));
        Resolved r = resolve("/a/link");
        assertEquals("/a/b/file", r.path());
        assertEquals("in b", read(r));
    }

    @Test
    void resolve_finalSymlinkWithoutFollow_isTheLinkItself() throws IOException {
        Files.createSymbolicLink(rootDir.resolve("a/link"), Path.of("b/file"));
        Resolved r = walker.resolve(root, root, "/a/link", false);
        assertEquals("/a/link", r.path());
        assertTrue(r.inode().isSymlink());
        assertEquals("b/file", r.inode().readlink());
    }

    @Test
    void resolve_intermediateSymlink_isFollowedEvenWithoutFollowLast() throws IOException {
        Files.createSymbolicLink(rootDir.resolve("lb"), Path.of("a/b"));
        assertEquals("/a/b/file", walker.resolve(root, root, "/lb/file", false).path());
    }

    @Test
    void resolve_dotDotAfterSymlink_isPhysicalNotLexical() throws IOException {
        Files.createSymbolicLink(rootDir.resolve("lc"), Path.of("a/b/c"));
        // "lc/.." is the parent of the target (/a/b), not the directory holding the link.
        assertEquals("/a/b/file", resolve("/lc/../file").path());
    }

    @Test
    void resolve_trailingSlashFollowsFinalSymlinkToDirectory() throws IOException {
        Files.createSymbolicLink(rootDir.resolve("lb"), Path.of("a/b"));
        assertEquals("/a/b", walker.resolve(root, root, "/lb/", false).path());
    }

    @Test
    void resolve_finalSymlinkWhoseTextEndsInSlash_mustReachDirectory() throws IOException {
        // A synthetic link: the host's readlink through java.nio.file.Path drops a trailing "/".
        SyntheticFileSystem syn = new SyntheticFileSystem("tmpfs");
        SyntheticDirectory synRoot = new SyntheticDirectory(syn, 0755);
        synRoot.add("tofile", new SyntheticSymlink(syn, () -> "/top/"));
        synRoot.add("todir", new SyntheticSymlink(syn, () -> "/a/b/"));
        synRoot.add("chain", new SyntheticSymlink(syn, () -> "tofile"));
        syn.setRoot(synRoot);
        Files.createDirectory(rootDir.resolve("syn"));
        mounts.mount("/syn", syn, false);
        // lookup_last: a symlink text ending in "/" demands a directory, as a path would.
        errno(Errno.ENOTDIR, () -> resolve("/syn/tofile"));
        errno(Errno.ENOTDIR, () -> resolve("/syn/chain"));
        assertEquals("/a/b", resolve("/syn/todir").path());
        assertTrue(walker.resolve(root, root, "/syn/tofile", false).inode().isSymlink());
    }

    @Test
    void resolve_selfLoopSymlink_isELOOP() throws IOException {
        Files.createSymbolicLink(rootDir.resolve("loop"), Path.of("loop"));
        errno(Errno.ELOOP, () -> resolve("/loop"));
        errno(Errno.ELOOP, () -> resolve("/loop/x"));
    }

    @Test
    void resolve_twoLinkCycle_isELOOP() throws IOException {
        Files.createSymbolicLink(rootDir.resolve("ping"), Path.of("pong"));
        Files.createSymbolicLink(rootDir.resolve("pong"), Path.of("/ping"));
        errno(Errno.ELOOP, () -> resolve("/ping"));
    }

    @Test
    void resolve_chainOf40Symlinks_resolvesAnd41_isELOOP() throws IOException {
        // l0 -> top, l1 -> l0, ... l40 -> l39: reaching top from lN follows N+1 links.
        Files.createSymbolicLink(rootDir.resolve("l0"), Path.of("top"));
        for (int i = 1; i <= 40; i++) {
            Files.createSymbolicLink(rootDir.resolve("l" + i), Path.of("l" + (i - 1)));
        }
        assertEquals("/top", resolve("/l39").path());
        errno(Errno.ELOOP, () -> resolve("/l40"));
    }

    @Test
    void resolve_danglingSymlink_isENOENTWhenFollowed() throws IOException {
        Files.createSymbolicLink(rootDir.resolve("dangling"), Path.of("nowhere"));
        errno(Errno.ENOENT, () -> resolve("/dangling"));
        assertTrue(walker.resolve(root, root, "/dangling", false).inode().isSymlink());
    }

    @Test
    void resolve_intoSecondMount_andDotDotFromItsRoot_returnsToParentMount() throws IOException {
        Files.createDirectory(rootDir.resolve("mnt"));
        Path other = Files.createDirectory(host.resolve("other"));
        Files.writeString(other.resolve("inner"), "inner");
        HostFileSystem otherFs = new HostFileSystem(other, false);
        mounts.mount("/mnt", otherFs, false);

        Resolved inner = resolve("/mnt/inner");
        assertSame(otherFs, inner.mount().fileSystem());
        assertEquals("/mnt", inner.mount().mountPoint());
        assertEquals(hostIno(other.resolve("inner")), inner.inode().stat().ino());

        Resolved mntRoot = resolve("/mnt");
        assertSame(otherFs.root(), mntRoot.inode());

        Resolved back = resolve("/mnt/../top");
        assertEquals("/top", back.path());
        assertEquals("/", back.mount().mountPoint());
        assertEquals(hostIno(rootDir.resolve("top")), back.inode().stat().ino());
    }

    @Test
    void resolve_dotDotFromStartInsideSecondMount_climbsIntoParentMount() throws IOException {
        Files.createDirectory(rootDir.resolve("mnt"));
        Path other = Files.createDirectories(host.resolve("other/sub"));
        mounts.mount("/mnt", new HostFileSystem(host.resolve("other"), false), false);
        Resolved start = resolve("/mnt/sub");
        Resolved r = walker.resolve(root, start, "../../top", true);
        assertEquals("/top", r.path());
        assertEquals("/", r.mount().mountPoint());
        assertEquals(hostIno(other.getParent()), walker.resolve(root, start, "..", true).inode().stat().ino());
    }

    @Test
    void resolve_symlinkToMountPoint_entersTheMount() throws IOException {
        SyntheticFileSystem proc = new SyntheticFileSystem("proc");
        SyntheticDirectory procRoot = new SyntheticDirectory(proc, 0555);
        procRoot.add("version", new GeneratedFile(proc, 0444, () -> "Linux".getBytes(StandardCharsets.UTF_8)));
        proc.setRoot(procRoot);
        Files.createDirectory(rootDir.resolve("proc"));
        mounts.mount("/proc", proc, false);
        Files.createSymbolicLink(rootDir.resolve("a/pv"), Path.of("../proc/version"));
        Resolved r = resolve("/a/pv");
        assertEquals("/proc/version", r.path());
        assertEquals("Linux", read(r));
    }

    @Test
    void resolveParent_plainPath_givesDirectoryAndLastName() {
        ParentResolved p = walker.resolveParent(root, root, "/a/b/new");
        assertEquals("/a/b", p.directory().path());
        assertEquals("new", p.name());
        assertFalse(p.trailingSlash());
        assertEquals("/a/b/new", p.childPath());
    }

    @Test
    void resolveParent_doesNotFollowFinalSymlinkButFollowsIntermediate() throws IOException {
        Files.createSymbolicLink(rootDir.resolve("lb"), Path.of("a/b"));
        ParentResolved last = walker.resolveParent(root, root, "/lb");
        assertEquals("/", last.directory().path());
        assertEquals("lb", last.name());
        ParentResolved mid = walker.resolveParent(root, root, "/lb/file");
        assertEquals("/a/b", mid.directory().path());
        assertEquals("file", mid.name());
    }

    @Test
    void resolveParent_trailingSlash_isReported() {
        ParentResolved p = walker.resolveParent(root, root, "/a/newdir/");
        assertEquals("/a", p.directory().path());
        assertEquals("newdir", p.name());
        assertTrue(p.trailingSlash());
    }

    @Test
    void resolveParent_root_isDotInRootWithTrailingSlash() {
        ParentResolved p = walker.resolveParent(root, root, "/");
        assertEquals("/", p.directory().path());
        assertEquals(".", p.name());
        assertTrue(p.trailingSlash());
    }

    @Test
    void resolveParent_dotAndDotDot_areLeftToTheCaller() {
        Resolved start = resolve("/a/b");
        ParentResolved dot = walker.resolveParent(root, start, ".");
        assertEquals("/a/b", dot.directory().path());
        assertEquals(".", dot.name());
        ParentResolved dotDot = walker.resolveParent(root, start, "c/..");
        assertEquals("/a/b/c", dotDot.directory().path());
        assertEquals("..", dotDot.name());
    }

    @Test
    void resolveParent_relativeWithDotDotAboveStart_walksUp() {
        Resolved start = resolve("/a/b/c");
        ParentResolved p = walker.resolveParent(root, start, "../../../../new");
        assertEquals("/", p.directory().path());
        assertEquals("new", p.name());
    }

    @Test
    void resolveParent_parentIsFile_isENOTDIR() {
        errno(Errno.ENOTDIR, () -> walker.resolveParent(root, root, "/top/new"));
    }

    @Test
    void resolveParent_missingParent_isENOENT() {
        errno(Errno.ENOENT, () -> walker.resolveParent(root, root, "/missing/new"));
    }

    @Test
    void resolveParent_emptyAndTooLong_areRefused() {
        errno(Errno.ENOENT, () -> walker.resolveParent(root, root, ""));
        errno(Errno.ENAMETOOLONG, () -> walker.resolveParent(root, root, "/a/" + "n".repeat(256)));
    }

    @Test
    void resolveParent_thenCreate_makesFileInTheHostDirectory() {
        ParentResolved p = walker.resolveParent(root, resolve("/a/b/c"), "../made");
        p.directory().inode().create(p.name(), 0644, Fcntl.O_WRONLY).close();
        assertTrue(Files.isRegularFile(rootDir.resolve("a/b/made")));
    }

    @Test
    void resolveCanonical_findsObjectFromTheTreeRoot() {
        assertEquals("/a/b/file", walker.resolveCanonical("/a/b/file").path());
    }

    @Test
    void rootOfTree_isTheRootMountsRoot() {
        assertEquals("/", root.path());
        assertEquals("/", root.mount().mountPoint());
        assertTrue(root.inode().isDirectory());
    }
}
