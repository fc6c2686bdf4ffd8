package dev.zlx.vfs.host;

import static dev.zlx.vfs.Expect.errno;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.LinuxException;
import dev.zlx.vfs.DirectoryFile;
import dev.zlx.vfs.MountTable;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.ParentResolved;
import dev.zlx.vfs.PathWalker;
import dev.zlx.vfs.Resolved;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Confinement of hostfs: host symlinks planted inside the root that point outside it are
 * resolved inside the guest's tree, so no guest path reaches the secret file next to the root.
 * Where the guest tree has an object of the same name, the walk must land on that one.
 */
class HostFileSystemTest {
    private static final String SECRET = "SECRET";

    @TempDir
    Path host;

    private Path rootDir;
    private Path outside;
    private PathWalker walker;
    private Resolved root;

    @BeforeEach
    void setUp() throws IOException {
        outside = Files.createDirectories(host.resolve("outside/etc"));
        Files.writeString(outside.resolve("passwd"), SECRET);
        Files.writeString(host.resolve("secret.txt"), SECRET);
        rootDir = Files.createDirectory(host.resolve("root"));
        Files.createDirectories(rootDir.resolve("etc"));
        Files.writeString(rootDir.resolve("etc/passwd"), "guest passwd");
        Files.createDirectories(rootDir.resolve("a/b"));
        MountTable mounts = new MountTable();
        mounts.mount("/", new HostFileSystem(rootDir, false), false);
        walker = new PathWalker(mounts);
        root = walker.rootOfTree();
    }

    private Resolved resolve(String path) {
        return walker.resolve(root, root, path, true);
    }

    private long hostIno(Path p) throws IOException {
        return (Long) Files.readAttributes(p, "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino");
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

    private void link(String name, String target) throws IOException {
        Files.createSymbolicLink(rootDir.resolve(name), Path.of(target));
    }

    @Test
    void hostRoot_isAbsoluteAndNormalized() {
        HostFileSystem fs = new HostFileSystem(rootDir.resolve("a/../."), true);
        assertEquals(rootDir.toAbsolutePath().normalize(), fs.hostRoot());
        assertEquals("hostfs", fs.type());
        assertTrue(fs.readOnly());
    }

    @Test
    void resolve_absoluteSymlinkInsideRoot_cannotEscapeHostDirectory() throws IOException {
        link("etclink", "/etc");
        Resolved r = resolve("/etclink/passwd");
        assertEquals("/etc/passwd", r.path());
        assertEquals(hostIno(rootDir.resolve("etc/passwd")), r.inode().stat().ino());
        assertEquals("guest passwd", read(r));
    }

    @Test
    void resolve_symlinkToHostPathOfSecret_findsNothingInsideRoot() throws IOException {
        link("sec", host.resolve("secret.txt").toAbsolutePath().toString());
        link("outdir", outside.toAbsolutePath().toString());
        errno(Errno.ENOENT, () -> resolve("/sec"));
        errno(Errno.ENOENT, () -> resolve("/outdir/passwd"));
    }

    @Test
    void resolve_symlinkToHostPathOfSecret_landsOnSamePathInsideRoot() throws IOException {
        String secretPath = host.resolve("secret.txt").toAbsolutePath().toString();
        Path decoy = rootDir.resolve(secretPath.substring(1));
        Files.createDirectories(decoy.getParent());
        Files.writeString(decoy, "decoy");
        link("sec", secretPath);
        Resolved r = resolve("/sec");
        assertEquals(secretPath, r.path());
        assertEquals("decoy", read(r));
    }

    @Test
    void resolve_relativeSymlinkClimbingOutOfRoot_staysAtRoot() throws IOException {
        Files.createSymbolicLink(rootDir.resolve("a/b/up"), Path.of("../../../../../secret.txt"));
        Files.createSymbolicLink(rootDir.resolve("a/b/updir"), Path.of("../../../.."));
        errno(Errno.ENOENT, () -> resolve("/a/b/up"));
        Resolved top = resolve("/a/b/updir");
        assertEquals("/", top.path());
        assertEquals(hostIno(rootDir), top.inode().stat().ino());
        assertEquals("guest passwd", read(resolve("/a/b/updir/../etc/passwd")));
        errno(Errno.ENOENT, () -> resolve("/a/b/updir/../outside/etc/passwd"));
    }

    @Test
    void resolve_symlinkToSlashThenDotDot_staysAtRoot() throws IOException {
        link("slash", "/");
        assertEquals("/", resolve("/slash/..").path());
        assertEquals(hostIno(rootDir), resolve("/slash/../..").inode().stat().ino());
        errno(Errno.ENOENT, () -> resolve("/slash/../secret.txt"));
        assertEquals("guest passwd", read(resolve("/slash/../etc/passwd")));
    }

    @Test
    void resolve_chainOfSymlinksPointingOutward_staysInside() throws IOException {
        link("c1", "a/c2");
        Files.createSymbolicLink(rootDir.resolve("a/c2"), Path.of("b/c3"));
        Files.createSymbolicLink(rootDir.resolve("a/b/c3"), Path.of("../../../../outside/etc/passwd"));
        errno(Errno.ENOENT, () -> resolve("/c1"));
        Files.createSymbolicLink(rootDir.resolve("a/b/c4"), Path.of("/slash2/../../etc/passwd"));
        link("slash2", "/");
        assertEquals("guest passwd", read(resolve("/a/b/c4")));
    }

    @Test
    void resolve_everyResultOfHostileSymlinks_isInsideRoot() throws IOException {
        link("abs", "/etc");
        link("up", "../../..");
        link("slash", "/");
        link("hostabs", host.toAbsolutePath().toString());
        Files.createSymbolicLink(rootDir.resolve("a/b/deep"), Path.of("../../up/../slash/.."));
        List<Long> inRoot = new ArrayList<>();
        try (var walk = Files.walk(rootDir)) {
            for (Path p : walk.toList()) {
                inRoot.add(hostIno(p));
            }
        }
        String[] paths = {"/abs", "/up", "/slash", "/a/b/deep", "/up/..", "/slash/../..", "/a/b/deep/..",
            "/abs/..", "/a/b/deep/etc", "/up/root", "/up/outside"};
        for (String p : paths) {
            try {
                long ino = resolve(p).inode().stat().ino();
                assertTrue(inRoot.contains(ino), p + " resolved outside the root");
            } catch (LinuxException e) {
                assertEquals(Errno.ENOENT, e.errno(), p);
            }
        }
    }

    @Test
    void create_throughEscapingPath_landsInsideRoot() throws IOException {
        link("slash", "/");
        ParentResolved p = walker.resolveParent(root, resolve("/a/b"), "../../../slash/../../made");
        p.directory().inode().create(p.name(), 0644, Fcntl.O_WRONLY).close();
        assertTrue(Files.exists(rootDir.resolve("made")));
        assertFalse(Files.exists(host.resolve("made")));
    }

    @Test
    void readlink_showsTheHostTargetTextUnchanged() throws IOException {
        link("abs", "/etc");
        assertEquals("/etc", walker.resolve(root, root, "/abs", false).inode().readlink());
    }

    @Test
    void directoryWhoseAncestorIsSwappedForOutsideSymlink_cannotReachOutside() throws IOException {
        // The guest holds /a/etc (a cwd or a directory fd), then swaps /a for a host symlink to
        // a directory outside the root: the host would follow it under the held path.
        Files.createDirectories(rootDir.resolve("a/etc"));
        link("evil", host.resolve("outside").toAbsolutePath().toString());
        Resolved held = resolve("/a/etc");
        root.inode().rename("a", root.inode(), "a_old");
        root.inode().rename("evil", root.inode(), "a");

        errno(Errno.ENOENT, () -> walker.resolve(root, held, "passwd", true));
        errno(Errno.ENOENT, () -> held.inode().create("planted", 0644, Fcntl.O_WRONLY));
        errno(Errno.ENOENT, () -> held.inode().mkdir("planted", 0755));
        errno(Errno.ENOENT, () -> held.inode().unlink("passwd"));
        errno(Errno.ENOENT, () -> held.inode().list());
        errno(Errno.ENOENT, () -> held.inode().stat());
        errno(Errno.ENOENT, () -> held.inode().chmod(0777));
        errno(Errno.ENOENT, () -> held.inode().setTimes(0L, 0L));
        errno(Errno.ENOENT, () -> new DirectoryFile(held.inode(), Fcntl.O_RDONLY).readDirectory((i, o, t, n) -> true));
        assertTrue(Files.exists(outside.resolve("passwd")));
        assertFalse(Files.exists(outside.resolve("planted")));
    }
}
