package dev.zlx.bench;

import dev.zlx.abi.Fcntl;
import dev.zlx.kernel.FsContext;
import dev.zlx.kernel.KernelConfig;
import dev.zlx.kernel.Process;
import dev.zlx.kernel.mm.KernelPages;
import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.MountTable;
import dev.zlx.vfs.Owner;
import dev.zlx.vfs.Resolved;
import dev.zlx.vfs.SearchPermission;
import dev.zlx.vfs.host.HostFileSystem;
import dev.zlx.vfs.overlay.OverlayFs;
import dev.zlx.vfs.tmpfs.TmpFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A path lookup as a syscall handler makes it (stat, open): the kernel's walker resolving an
 * absolute path of 5 components, /one/two/three/four/five (a regular file), from the caller's
 * root, as an unprivileged caller (uid 1000: search permission checked on every directory)
 * or as root (no check, as with CAP_DAC_READ_SEARCH).
 * The file system mounted at "/" is a tmpfs; an overlay of two tmpfs lower layers and a tmpfs
 * upper, where /one exists in all three, /one/two and /one/two/three in both lower layers and
 * the rest only in the bottom one, so that the first three steps merge layers; or hostfs on a
 * host directory made for the run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class PathLookup {
    static final String PATH = "/one/two/three/four/five";
    private static final List<String> DIRECTORIES = List.of("one", "two", "three", "four");
    private static final Owner USER = new Owner(1000, 1000);

    @Param({"tmpfs", "overlay", "hostfs"})
    public String fs;

    @Param({"user", "root"})
    public String caller;

    private Path hostDir;
    private Process process;
    private SearchPermission permission;

    @Setup
    public void makeTree() throws IOException {
        FileSystem root = switch (fs) {
            case "tmpfs" -> tmpfsWith(DIRECTORIES.size());
            case "overlay" -> new OverlayFs(List.of(tmpfsWith(3).root(), tmpfsWith(DIRECTORIES.size()).root()),
                    tmpfsWith(1).root());
            case "hostfs" -> hostfs();
            default -> throw new IllegalArgumentException(fs);
        };
        MountTable mounts = new MountTable();
        mounts.mount("/", root, false);
        KernelConfig host = dev.zlx.orchestrator.HostFacts.kernelConfig();
        Owner who = caller.equals("root") ? Owner.ROOT : USER;
        KernelConfig config = new KernelConfig(host.hostname(), host.release(), host.version(), host.cpuCount(),
                host.memoryBytes(), who.uid(), who.gid(), new int[0]);
        var kernel = new GuestKernel(config, mounts).kernel();
        process = kernel.createFirstProcess(new dev.zlx.kernel.FdTable(), kernel.walker().rootOfTree()).process();
        permission = process.searchPermission();
        lookup(); // fails here, not in the measurement, if the tree is wrong
    }

    /**
     * A tmpfs holding the first depth directories of the path; with all four, also the file
     * at its end.
     */
    private static TmpFs tmpfsWith(int depth) {
        TmpFs tmp = new TmpFs(new KernelPages(GuestKernel.cpu()), 16L << 20, 0755, Owner.ROOT);
        Inode dir = tmp.root();
        for (String name : DIRECTORIES.subList(0, depth)) {
            dir.mkdir(name, 0755, USER);
            dir = dir.lookup(name);
        }
        if (depth == DIRECTORIES.size()) {
            dir.create("five", 0644, Fcntl.O_WRONLY, USER).close();
        }
        return tmp;
    }

    private FileSystem hostfs() throws IOException {
        // rwxr-xr-x, as the tmpfs trees: createTempDirectory makes it private to the host user.
        hostDir = Files.createTempDirectory("zlx-bench-path",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path leafDir = hostDir.resolve(String.join("/", DIRECTORIES));
        Files.createDirectories(leafDir);
        Files.createFile(leafDir.resolve("five"));
        return new HostFileSystem(hostDir, false);
    }

    @TearDown
    public void removeHostTree() throws IOException {
        if (hostDir != null) {
            try (Stream<Path> files = Files.walk(hostDir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Benchmark
    public Resolved lookup() {
        FsContext at = process.fs();
        return process.walker().resolve(at.root(), at.cwd(), PATH, true, 0, permission);
    }
}
