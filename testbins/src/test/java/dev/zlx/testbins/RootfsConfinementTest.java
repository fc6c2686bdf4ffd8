package dev.zlx.testbins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A guest given {@code --rootfs DIR} sees DIR as its root and nothing else: no path, "..",
 * symlink (absolute or relative, planted by the host) or /proc link leads outside it, and a
 * read-only bind mount refuses writes. Busybox (x86-64) is the guest.
 */
class RootfsConfinementTest {
    private static final String SECRET = "host secret outside the root";

    @TempDir
    Path work;
    Path root;

    @BeforeEach
    void buildRootfs() throws IOException {
        root = Files.createDirectories(work.resolve("root"));
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("data"));
        Files.createDirectories(root.resolve("proc"));
        Files.createDirectories(root.resolve("dev"));
        Files.copy(TestPaths.busybox("x86_64"), root.resolve("bin/busybox"));
        Files.writeString(root.resolve("etc/inside"), "inside the root\n");
        Files.writeString(work.resolve("secret.txt"), SECRET + "\n");
        Files.createSymbolicLink(root.resolve("abs-to-slash"), Path.of("/"));
        Files.createSymbolicLink(root.resolve("rel-up"), Path.of("../../../../../.."));
        Files.createSymbolicLink(root.resolve("host-secret"), work.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("etc/loop"), Path.of("loop"));
    }

    @AfterEach
    void removePlantedLinks() throws IOException {
        // Removed here so that JUnit does not warn about links that point outside its temp dir.
        for (String link : new String[] {"abs-to-slash", "rel-up", "host-secret"}) {
            Files.deleteIfExists(root.resolve(link));
        }
    }

    private Outcome busybox(String... args) {
        Invocation inv = Invocation.of("/bin/busybox", args).zlxOption("--rootfs").zlxOption(root.toString());
        return GuestRunner.ZLX.run(inv);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../secret.txt", "/abs-to-slash/../secret.txt", "/rel-up/secret.txt",
        "/rel-up/" + "x/../../secret.txt", "/proc/self/root/../secret.txt", "/proc/self/cwd/../secret.txt",
        "/etc/../../secret.txt"})
    void escapeAttempts_cannotReachTheHostFile(String path) {
        Outcome o = busybox("cat", path);
        assertFalse(o.stdout().contains(SECRET), o::describe);
        assertEquals(1, o.exitStatus(), o::describe);
        assertTrue(o.stderr().contains("No such file or directory"), o::describe);
    }

    @Test
    void absoluteSymlinkToHostPath_resolvesInsideTheRoot() {
        // The link's text names a host path; inside the guest it names a path of the guest's root.
        Outcome o = busybox("cat", "/host-secret");
        assertFalse(o.stdout().contains(SECRET), o::describe);
        assertEquals(1, o.exitStatus(), o::describe);
    }

    @Test
    void pathsInsideTheRoot_work() {
        Outcome o = busybox("cat", "/abs-to-slash/etc/inside", "/rel-up/etc/inside");
        assertEquals(0, o.exitStatus(), o::describe);
        assertEquals("inside the root\ninside the root\n", o.stdout(), o::describe);
    }

    @Test
    void symlinkLoop_givesEloop() {
        Outcome o = busybox("cat", "/etc/loop");
        assertEquals(1, o.exitStatus(), o::describe);
        assertTrue(o.stderr().contains("Symbolic link loop") || o.stderr().contains("Too many levels"), o::describe);
    }

    @Test
    void rootListing_showsOnlyTheRootfs() {
        Outcome o = busybox("ls", "/");
        assertEquals(0, o.exitStatus(), o::describe);
        assertEquals("abs-to-slash\nbin\ndata\ndev\netc\nhost-secret\nproc\nrel-up\n", o.stdout(), o::describe);
    }

    @Test
    void readOnlyBindMount_readsButRefusesWrites() throws IOException {
        Path shared = Files.createDirectories(work.resolve("shared"));
        Files.writeString(shared.resolve("x"), "bound\n");
        Invocation read = Invocation.of("/bin/busybox", "cat", "/data/x").zlxOption("--rootfs").zlxOption(root.toString())
                .zlxOption("-v").zlxOption(shared + ":/data:ro");
        Outcome r = GuestRunner.ZLX.run(read);
        assertEquals("bound\n", r.stdout(), r::describe);
        Invocation write = Invocation.of("/bin/busybox", "touch", "/data/new").zlxOption("--rootfs")
                .zlxOption(root.toString()).zlxOption("-v").zlxOption(shared + ":/data:ro");
        Outcome w = GuestRunner.ZLX.run(write);
        assertEquals(1, w.exitStatus(), w::describe);
        assertTrue(w.stderr().contains("Read-only file system"), w::describe);
        assertFalse(Files.exists(shared.resolve("new")));
    }

    @Test
    void hostDevicesAreNotReachable_devIsZlxOwn() {
        Outcome o = busybox("ls", "/dev");
        assertEquals(0, o.exitStatus(), o::describe);
        assertEquals("fd\nfull\nnull\nptmx\npts\nrandom\nshm\nstderr\nstdin\nstdout\ntty\nurandom\nzero\n", o.stdout(), o::describe);
    }
}
