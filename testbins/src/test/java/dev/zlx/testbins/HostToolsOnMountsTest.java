package dev.zlx.testbins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The host's own tools, unmodified, on a zlx mount: coreutils, findutils, tar, gzip, diffutils and
 * sed in a bash script (resources hosttools/tree-tools.sh), then python3's tempfile, shutil,
 * os.walk, fcntl.flock, selectors and pty (hosttools/py-files.py). Each script gets a source
 * directory on the host and a work directory; it runs natively with the work directory on a
 * host mount of the same kind (a tmpfs; an overlay with a tmpfs upper layer over the host
 * directory), and under zlx (the host's / as root) with the work directory mounted by zlx
 * (--tmpfs; -v DIR:DIR:overlay), and both must print the same.
 */
class HostToolsOnMountsTest {
    /**
     * Where a scenario works: how the native reference gets a work directory on a host mount of
     * the kind under test, and the zlx options that mount that kind on the (empty) host
     * directory given. fsType is what stat -f names.
     */
    record Workspace(String fsType, NativeSide nativeSide, Function<Path, List<String>> zlxOptions) {
        @Override
        public String toString() {
            return fsType;
        }
    }

    /** The native work directory, scratch space to delete afterwards, and the command prefix that mounts it. */
    record NativeWork(Path dir, Path scratch, List<String> prefix) {}

    @FunctionalInterface
    interface NativeSide {
        NativeWork prepare(Path tmp) throws IOException;
    }

    /** Every mount the scenarios run on, one line each. */
    static Stream<Workspace> workspaces() {
        return Stream.of(
                new Workspace("tmpfs", tmp -> hostTmpfs(), dir -> List.of("--tmpfs", dir.toString())),
                new Workspace("overlayfs", HostToolsOnMountsTest::hostOverlay,
                        dir -> List.of("-v", dir + ":" + dir + ":overlay")));
    }

    /** A fresh directory in the host's /dev/shm, a tmpfs (the scripts print the type). */
    private static NativeWork hostTmpfs() throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "zlx-hosttools");
        return new NativeWork(dir, dir, List.of());
    }

    /**
     * As zlx's -v DIR:DIR:overlay: an overlay whose lower layer is the empty host directory
     * itself and whose upper layer is a tmpfs directory, mounted over DIR in a private mount
     * namespace of the run (unshare -m, as root).
     */
    private static NativeWork hostOverlay(Path tmp) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("native-overlay"));
        Path scratch = Files.createTempDirectory(Path.of("/dev/shm"), "zlx-hosttools-upper");
        Files.createDirectory(scratch.resolve("upper"));
        Files.createDirectory(scratch.resolve("work"));
        return new NativeWork(dir, scratch, List.of(TestPaths.hostTool("/usr/bin/unshare", "util-linux").toString(),
                "-m", "/bin/sh", "-c", "mount -t overlay overlay -o \"lowerdir=$1,upperdir=$2/upper,workdir=$2/work\" "
                        + "\"$1\" && shift 2 && exec \"$@\"", "sh", dir.toString(), scratch.toString()));
    }

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("workspaces")
    void coreutilsFindTarGzipDiffSed(Workspace ws) throws IOException {
        Path bash = TestPaths.hostTool("/bin/bash", "bash");
        compare(ws, bash, script("tree-tools.sh"), ref -> {
            assertTrue(ref.stdout().contains("file system: " + ws.fsType() + "\n"), ref::describe);
            assertTrue(ref.stdout().contains("\ncp -> 0\n"), ref::describe);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workspaces")
    @Tag("slow")
    void python3TempfileShutilWalkFlockSelectorsPty(Workspace ws) throws IOException {
        Path python = TestPaths.hostTool("/usr/bin/python3", "python3");
        compare(ws, python, script("py-files.py"), ref -> {
            assertTrue(ref.stdout().contains("child: LOCK_NB EAGAIN True\n"), ref::describe);
            assertTrue(ref.stdout().contains("selector: EpollSelector\n"), ref::describe);
            assertTrue(ref.stdout().contains("/dev/pts/N\r\n0 0\r\nstdin is a tty\r\npty.spawn status: 3\n"),
                    ref::describe);
        });
    }

    /**
     * Runs interpreter SCRIPT SRC WORK natively (WORK on the workspace's host mount) and under zlx
     * (WORK a host directory with the workspace mounted over it): same exit status 0, same stdout;
     * the host directory under zlx's mount is left empty.
     */
    private void compare(Workspace ws, Path interpreter, Path script, java.util.function.Consumer<Outcome> refCheck)
            throws IOException {
        Path nativeSrc = Files.createDirectory(tmp.resolve("native-src"));
        NativeWork nativeWork = ws.nativeSide().prepare(tmp);
        Invocation reference = invocation(interpreter, script, nativeSrc, nativeWork.dir());
        Outcome ref;
        try {
            ref = GuestRunner.NATIVE.run(reference.wrappedIn(nativeWork.prefix()));
        } finally {
            deleteTree(nativeWork.scratch());
        }
        Compare.exitStatus(0, ref);
        assertTrue(ref.stdout().endsWith("== done\n"), ref::describe);
        refCheck.accept(ref);

        Path src = Files.createDirectory(tmp.resolve("zlx-src"));
        Path work = Files.createDirectory(tmp.resolve("zlx-work"));
        Invocation inv = invocation(interpreter, script, src, work);
        ws.zlxOptions().apply(work).forEach(inv::zlxOption);
        Outcome zlx = GuestRunner.ZLX.run(inv);
        Compare.sameResult(ref, zlx);
        try (Stream<Path> left = Files.list(work)) {
            assertEquals(List.of(), left.toList(), "the host directory under the mount stays empty");
        }
    }

    private static Invocation invocation(Path interpreter, Path script, Path src, Path work) {
        return Invocation.of(interpreter, script.toString(), src.toString(), work.toString()).arch("x86_64")
                .env("PATH", "/usr/bin:/bin").timeout(Duration.ofSeconds(300));
    }

    /** A script of src/test/resources/hosttools, as a host path. */
    private static Path script(String name) {
        try {
            return Path.of(HostToolsOnMountsTest.class.getResource("/hosttools/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
