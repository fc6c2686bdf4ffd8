package dev.zlx.testbins;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The programs of src/main/c, for every build target: each runs under its reference (the host
 * for x86-64, qemu-aarch64 for aarch64) and under zlx, and stdout and exit status must match.
 * Where a test also knows the exact expected output it checks the reference against it first,
 * so a broken reference cannot hide a broken zlx.
 */
class TestProgramConformanceTest {

    private static Outcome[] both(Target target, Invocation inv) {
        Outcome ref = GuestRunner.oracleFor(target).run(inv);
        Outcome zlx = GuestRunner.ZLX.run(inv);
        return new Outcome[] {ref, zlx};
    }

    private static void conforms(Target target, Invocation inv) {
        Outcome[] o = both(target, inv);
        Compare.sameResult(o[0], o[1]);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void hello(Target target) {
        Outcome[] o = both(target, Invocation.of(target, "hello"));
        Compare.stdout("hello, world\n", o[0]);
        Compare.sameResult(o[0], o[1]);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void args_printsArgvAndEnvpInOrder(Target target) {
        Invocation inv = Invocation.of(target, "args", "one", "two words", "", "last")
                .env("ZETA", "last-in-alphabet").env("A", "1").env("PATH", "/usr/bin:/bin").env("EMPTY", "");
        String program = target.binary("args").toString();
        String expected = "argc=5\nargv[0]=" + program + "\nargv[1]=one\nargv[2]=two words\nargv[3]=\n"
                + "argv[4]=last\nenvp[0]=ZETA=last-in-alphabet\nenvp[1]=A=1\nenvp[2]=PATH=/usr/bin:/bin\n"
                + "envp[3]=EMPTY=\nenvc=4\n";
        Outcome[] o = both(target, inv);
        if (target.runsNatively()) {
            Compare.stdout(expected, o[0]);
        } else {
            // qemu-aarch64 reverses the environment (see GuestRunner.QEMU_AARCH64): compare as sets.
            Compare.sameResult(new Outcome("expected", java.util.List.of(), 0, expected, ""), o[0],
                    s -> Compare.sortedLines(s.replaceAll("(?m)^envp\\[\\d+\\]=", "envp[]=")));
        }
        Compare.exitStatus(0, o[1]);
        Compare.stdout(expected, o[1]);
    }

    /** A program without libc whose only writable segment is a file-less .bss (bench's CPU loop). */
    @ParameterizedTest
    @EnumSource(Target.class)
    void cpuKernel_freestandingProgram(Target target) {
        printsAsTheReference(target, "cpu_kernel n=1000 hash=0f83534dcbb2cefa matrix=0b21dfa2e3d4cd2b\n",
                "cpu_kernel", "1000");
    }

    /** bench's pipe round trip between a parent and its child. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void pipePingpong_betweenTwoProcesses(Target target) {
        printsAsTheReference(target, "pipe_pingpong 200\n", "pipe_pingpong", "200");
    }

    /** The reference prints expected, and zlx the same with the same status. */
    private static void printsAsTheReference(Target target, String expected, String program, String... args) {
        Outcome[] o = both(target, Invocation.of(target, program, args));
        Compare.stdout(expected, o[0]);
        Compare.sameResult(o[0], o[1]);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void exit0(Target target) {
        Outcome[] o = both(target, Invocation.of(target, "exit0"));
        Compare.exitStatus(0, o[0]);
        Compare.sameResult(o[0], o[1]);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void exit42(Target target) {
        Outcome[] o = both(target, Invocation.of(target, "exit42"));
        Compare.exitStatus(42, o[0]);
        Compare.sameResult(o[0], o[1]);
    }

    /** truncate, ftruncate, fsync and fdatasync on files, a directory, a pipe, /dev/null, O_PATH. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void truncateAndSync_sizesAndErrors(Target target, @TempDir Path tmp) throws IOException {
        Path refDir = Files.createDirectory(tmp.resolve("ref"));
        Path zlxDir = Files.createDirectory(tmp.resolve("zlx"));
        Outcome ref = GuestRunner.oracleFor(target).run(Invocation.of(target, "truncate_sync").workDir(refDir));
        Outcome zlx = GuestRunner.ZLX.run(Invocation.of(target, "truncate_sync").workDir(zlxDir));
        assertTrue(ref.stdout().contains("fsync a pipe: EINVAL\n"), ref::describe);
        Compare.sameResult(ref, zlx);
    }

    /**
     * mount, umount2, chroot and pivot_root as root. Natively the program runs in a mount
     * namespace of its own; where the host refuses that (no CAP_SYS_ADMIN) only zlx is checked
     * against the text Linux printed; qemu-aarch64 lets mmap PROT_EXEC through on noexec mounts,
     * so aarch64 is checked against the text too.
     */
    @ParameterizedTest
    @EnumSource(Target.class)
    void mounts_mountUmountChrootPivotRoot(Target target, @TempDir Path tmp) throws IOException {
        String expected = """
                mount tmpfs size=64k,mode=0750: OK
                  mode 750, f_type tmpfs 1, bytes 65536
                  write 100 KiB: 65536, then: ENOSPC
                bad size: EINVAL, unknown option: EINVAL, unknown type: ENODEV, missing target: ENOENT
                remount read-only: OK, ST_RDONLY 1, create EROFS, back to rw: OK, create OK
                propagation private: OK, two types: EINVAL, not a mount point: EINVAL
                umount with a file open: EBUSY, after close: OK, again: EINVAL
                bind: OK, b/f seen, create b/g OK, src/g seen
                remount bind read-only: OK, create b/h EROFS, create src/h OK
                umount busy bind: EBUSY, MNT_DETACH: OK, open file still reads: OK, b/f now ENOENT
                bad flags: EINVAL
                mount noexec,nodev,nosuid: OK
                  ST_NOEXEC 1 ST_NODEV 1 ST_NOSUID 1
                  execve on noexec: EACCES
                  mmap PROT_EXEC: EPERM, PROT_READ: OK
                  mknod c 1 3: OK, open it: EACCES
                chroot: OK, /inside seen, /sub/../../inside seen, chroot of a file: ENOTDIR, unprivileged: EPERM
                unprivileged: mount EPERM, bind EPERM, remount EPERM, umount EPERM, detach EPERM, pivot_root EPERM
                  still a writable tmpfs: 1
                pivot_root onto a non-mount: EBUSY, put_old outside: EBUSY, pivot_root: OK; parent sees /hello yes, old tree under /old: yes, umount /old detached: OK, /old empty: removed
                """;
        asRootInADirectory(target, tmp, "mounts", expected);
    }

    /**
     * A program that mounts, run as root in an empty directory of its own, against the text
     * Linux printed: natively (in a mount namespace it makes itself) where the host lets it
     * mount, and under zlx. The directories are reachable by nobody, as the unprivileged parts
     * need (else the path lookup says EACCES before the privilege check says EPERM).
     */
    private static void asRootInADirectory(Target target, Path tmp, String program, String expected)
            throws IOException {
        Path refDir = Files.createDirectory(tmp.resolve("ref"));
        Path zlxDir = Files.createDirectory(tmp.resolve("zlx"));
        for (Path p : new Path[] {tmp, refDir, zlxDir}) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        if (target.runsNatively()) {
            Outcome ref = GuestRunner.NATIVE.run(Invocation.of(target, program, refDir.toString()));
            if (!ref.stdout().equals("native mount not permitted\n")) {
                Compare.stdout(expected, ref);
            }
        }
        Outcome zlx = GuestRunner.ZLX.run(Invocation.of(target, program, zlxDir.toString()));
        Compare.exitStatus(0, zlx);
        Compare.stdout(expected, zlx);
    }

    /**
     * The overlay file system mounted with mount(2) over layers on a tmpfs: merged listing,
     * copy-up, whiteouts and opaque directories as overlayfs writes them, renames, a read-only
     * overlay and option errors. Natively in a mount namespace of its own (where the host allows
     * it), and for every target against the text Linux printed.
     */
    @ParameterizedTest
    @EnumSource(Target.class)
    void overlay_mountedOverTmpfsLayers(Target target, @TempDir Path tmp) throws IOException {
        String expected = """
                mount overlay: OK
                  f_type overlay 1
                  directories on the overlay's device: 1
                merged: a b d gone linked low mode sym trunc u
                merged d: x y
                a: a from l1, b: b from l2, sym -> a from l1
                append a: merged a from l1+, upper a from l1+, l1 a from l1
                O_TRUNC: upper size 0, l1 long text
                chmod 0600: OK, merged 600, upper 600, l1 640
                link linked -> d/hard: OK, nlink 2, upper has file and file
                copied-up directory d in upper: dir, opaque ENODATA
                unlink b: OK, merged ENOENT, upper whiteout
                rmdir gone (not empty): ENOTEMPTY
                gone after unlink z:
                rmdir gone: OK, upper whiteout
                mkdir gone again: OK, upper opaque y
                new gone:
                b again: new b, upper file
                unlink u (upper only): OK, upper ENOENT
                merged: a b d gone linked low mode sym trunc
                rename low (lower dir): EXDEV
                rename low/f -> f2: OK, merged f2 f, upper low/f whiteout
                rename new (upper dir) -> new2: OK, n n
                rename new2 over d (not empty): ENOTEMPTY
                rename new2 over low (empty lower dir): OK, opaque y
                low: n
                merged: a b d f2 gone linked low mode sym trunc
                no lowerdir: EINVAL
                upperdir without workdir: EINVAL
                missing lowerdir: ENOENT
                lowerdir a file: EINVAL
                unknown option: EINVAL
                read-only overlay: OK, create EROFS, write a EROFS, read a a from l1
                umount: OK
                upper: a b d f2 gone linked low mode trunc
                """;
        asRootInADirectory(target, tmp, "overlay", expected);
    }

    /**
     * Mount namespaces: unshare(CLONE_NEWNS) and clone(CLONE_NEWNS) keep mounts apart,
     * unshare(CLONE_FS) and unshare(CLONE_FILES) end sharing, and the errors. Natively in a mount
     * namespace of its own (where the host allows it), and for every target against the text
     * Linux printed.
     */
    @ParameterizedTest
    @EnumSource(Target.class)
    void mountNamespaces_keepMountsApart(Target target, @TempDir Path tmp) throws IOException {
        String expected = """
                child: unshare(CLONE_NEWNS): OK
                child: mount a: OK
                parent: child's a/child-file: ENOENT
                parent: umount shared: OK
                child: parent's b/parent-file: ENOENT
                child: shared/old after the parent unmounted it: seen
                child: umount shared: OK
                parent: b/parent-file still: seen
                clone child: mount c: OK
                clone child: c/cloned: seen
                clone(CLONE_NEWNS): OK
                parent: c/cloned: ENOENT
                clone(CLONE_NEWNS|CLONE_FS): EINVAL
                unshare(0x1): EINVAL
                unshare(0): OK
                unprivileged unshare(CLONE_NEWNS): EPERM
                unprivileged unshare(CLONE_FS|CLONE_FILES): OK
                CLONE_FS child's chdir moved the parent: 1
                after unshare(CLONE_FS) it does not: 1
                CLONE_FILES child's open is the parent's: 1
                after unshare(CLONE_FILES) it is not: 1
                """;
        asRootInADirectory(target, tmp, "mount_namespaces", expected);
    }

    /**
     * utimes, futimesat, utime (their C library forms on aarch64, which has only utimensat) and
     * fchmodat2, against the text Linux printed (qemu-aarch64 7.2 lacks fchmodat2).
     */
    @ParameterizedTest
    @EnumSource(Target.class)
    void times_olderTimeCallsAndFchmodat2(Target target, @TempDir Path tmp) throws IOException {
        // The part run as nobody must reach the directory (EACCES would say nothing of times).
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        GuestRunner.matchesLinux(target, Invocation.of(target, "times", tmp.toString()), """
                utimes: OK
                  : atime 1000000000.123456000 mtime 1200000000.999999000
                utimes usec 1000000: EINVAL
                utimes usec -1: EINVAL
                utimes now: OK
                  : now 1
                futimesat relative: OK
                  : atime 1300000000.000005000 mtime 1400000000.000006000
                futimesat null path: EINVAL
                futimesat null path: OK
                  : atime 1000000000.123456000 mtime 1200000000.000007000
                futimesat missing: ENOENT
                utime: OK
                  : atime 1500000000.000000000 mtime 1600000000.000000000
                utime now: OK
                  : now 1
                as nobody, explicit: EPERM
                as nobody, now: EACCES
                fchmodat2 0600: OK, mode 600
                fchmodat2 through a symlink: OK, mode 640
                fchmodat2 NOFOLLOW on a symlink: EOPNOTSUPP
                fchmodat2 NOFOLLOW on a file: OK
                fchmodat2 AT_EMPTY_PATH: OK, mode 611
                fchmodat2 bad flag: EINVAL
                """);
    }

    /** x86 in/out without I/O privilege fault with SIGSEGV (SI_KERNEL), as #GP does on Linux. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void portIo_isAGeneralProtectionFault(Target target) {
        GuestRunner.matchesLinux(target, Invocation.of(target, "port_io"), """
                in: SIGSEGV, SI_KERNEL 1
                out: SIGSEGV, SI_KERNEL 1
                """);
    }

    /** Sticky directories and RENAME_EXCHANGE in /dev/shm (tmpfs on the host too). */
    @ParameterizedTest
    @EnumSource(Target.class)
    void stickyAndExchange_onTmpfs(Target target) {
        Outcome[] o = both(target, Invocation.of(target, "sticky_exchange"));
        assertTrue(o[0].stdout().contains("exchange a b: OK, a=B b=A\n"), o[0]::describe);
        Compare.sameResult(o[0], o[1]);
    }

    /** F_GETPIPE_SZ and F_SETPIPE_SZ: rounding, real capacity, EBUSY, EPERM, EBADF. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void pipeSize_getAndSet(Target target) {
        Outcome[] o = both(target, Invocation.of(target, "pipe_size"));
        assertTrue(o[0].stdout().contains("set 1: 4096, set 100000: 131072"), o[0]::describe);
        Compare.sameResult(o[0], o[1]);
    }

    /** O_TMPFILE in /dev/shm (tmpfs on the host too): unnamed files, linkat, the refusals. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void tmpfile_unnamedFilesOnTmpfs(Target target) {
        Outcome[] o = both(target, Invocation.of(target, "tmpfile"));
        assertTrue(o[0].stdout().contains("linkat AT_EMPTY_PATH: OK\n"), o[0]::describe);
        Compare.sameResult(o[0], o[1]);
    }

    /** openat2: open_how checks and every RESOLVE_* flag (qemu-aarch64 lacks openat2: expected text there). */
    @ParameterizedTest
    @EnumSource(Target.class)
    void openat2_howChecksAndResolveFlags(Target target, @TempDir Path tmp) {
        String expected = """
                size 24                                      OK
                size 16                                      EINVAL
                size 32, zero tail                           OK
                size 32, non-zero tail                       E2BIG
                unknown open flag                            EINVAL
                mode without O_CREAT                         EINVAL
                unknown RESOLVE bit                          EINVAL
                BENEATH|IN_ROOT                              EINVAL
                CACHED with O_CREAT                          EAGAIN
                O_PATH with O_RDWR                           EINVAL
                BENEATH a/file                               OK
                BENEATH a/../a/file                          OK
                BENEATH ../root/a/file                       EXDEV
                BENEATH absolute path                        EXDEV
                BENEATH rel (relative symlink)               OK
                BENEATH abs (absolute symlink)               EXDEV
                BENEATH a/up (symlink climbing out)          EXDEV
                IN_ROOT /a/file                              OK
                IN_ROOT ../../a/file                         OK
                IN_ROOT abs (absolute symlink)               OK
                without flags: abs                           ENOENT
                NO_SYMLINKS a/file                           OK
                NO_SYMLINKS rel                              ELOOP
                NO_SYMLINKS rel, O_PATH|O_NOFOLLOW           OK
                NO_MAGICLINKS /proc/self/fd/N                ELOOP
                plain /proc/self/fd/N                        OK
                NO_MAGICLINKS /proc/self (ordinary link)     OK
                NO_XDEV a/file                               OK
                NO_XDEV / then proc (a mount)                EXDEV
                NO_XDEV from /proc: ..                       EXDEV
                create beneath                               OK, mode 600
                """;
        GuestRunner.matchesLinux(target, Invocation.of(target, "openat2", tmp.toString()), expected);
    }

    /**
     * readv/writev as one transfer: pipes (no wait to fill, no interleaving), faults, large
     * writes; preadv2/pwritev2 flags. The reference is the x86-64 build run natively, also for
     * aarch64 (qemu-aarch64 7.2 has no preadv2/pwritev2; the program prints nothing arch-specific).
     */
    @ParameterizedTest
    @EnumSource(Target.class)
    void vectoredIo_oneTransferOverAllSegments(Target target, @TempDir Path tmp) throws IOException {
        Path refDir = Files.createDirectory(tmp.resolve("ref"));
        Path zlxDir = Files.createDirectory(tmp.resolve("zlx"));
        Target host = target.runsNatively() ? target : Target.X86_64_GLIBC;
        Outcome ref = GuestRunner.NATIVE.run(Invocation.of(host, "vectored_io").workDir(refDir));
        Outcome zlx = GuestRunner.ZLX.run(Invocation.of(target, "vectored_io").workDir(zlxDir));
        assertTrue(ref.stdout().contains("1200 whole, 0 broken\n"), ref::describe);
        assertTrue(ref.stdout().contains("RWF_NOSIGNAL to a pipe without readers: EPIPE, SIGPIPE pending 0"),
                ref::describe);
        Compare.sameResult(ref, zlx);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void fileio_inFreshDirectory(Target target, @TempDir Path tmp) throws IOException {
        Path refDir = Files.createDirectory(tmp.resolve("ref"));
        Path zlxDir = Files.createDirectory(tmp.resolve("zlx"));
        // The directory's path is printed nowhere, so two sibling directories give the same output.
        Outcome ref = GuestRunner.oracleFor(target).run(Invocation.of(target, "fileio", refDir.toString()));
        Outcome zlx = GuestRunner.ZLX.run(Invocation.of(target, "fileio", zlxDir.toString()));
        Compare.exitStatus(0, ref);
        assertTrue(ref.stdout().endsWith("fileio: done\n"), ref::describe);
        Compare.sameResult(ref, zlx);
        try (var left = Files.list(zlxDir)) {
            assertTrue(left.findAny().isEmpty(), "fileio left files behind under zlx in " + zlxDir);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void mallocstress(Target target) {
        Outcome[] o = both(target, Invocation.of(target, "mallocstress"));
        assertTrue(o[0].stdout().contains("mallocstress: ok"), o[0]::describe);
        Compare.sameResult(o[0], o[1]);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void auxv(Target target) {
        Outcome[] o = both(target, Invocation.of(target, "auxv"));
        Compare.exitStatus(0, o[0]);
        Compare.sameResult(o[0], o[1]);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void errno_check(Target target) {
        Outcome[] o = both(target, Invocation.of(target, "errno_check"));
        Compare.exitStatus(0, o[0]);
        Compare.sameResult(o[0], o[1]);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void unknown_syscall_returnsENOSYS_andReportNamesIt(Target target) {
        Invocation inv = Invocation.of(target, "unknown_syscall");
        Outcome ref = GuestRunner.oracleFor(target).run(inv);
        Outcome zlx = GuestRunner.ZLX.run(inv.zlxOption("--report"));
        Compare.exitStatus(0, ref);
        Compare.sameResult(ref, zlx);
        // The compatibility report goes to zlx's stderr; an unnamed call is named by its number.
        if (!Pattern.compile("\\b1000\\b").matcher(zlx.stderr()).find()) {
            Compare.fail("--report does not name syscall 1000 on stderr\n", zlx);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void benchmarkPrograms_smallCounts(Target target) {
        conforms(target, Invocation.of(target, "true_static"));
        conforms(target, Invocation.of(target, "getppid_loop", "1000"));
        conforms(target, Invocation.of(target, "fork_loop", "20"));
        conforms(target, Invocation.of(target, "cpu_loop", "100000"));
        conforms(target, Invocation.of(target, "strace_hello"));
    }
}
