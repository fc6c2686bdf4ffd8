package dev.zlx.testbins;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * File locks, data movement between descriptors and fallocate: locks.c, splice.c and
 * fallocate.c run in a host directory (hostfs under zlx) and in /dev/shm (the host's tmpfs for
 * the reference, zlx's own tmpfs under zlx), and their output must match the reference's.
 */
class LocksAndSpliceConformanceTest {
    @TempDir
    Path tmp;

    private Path dir(String name) throws IOException {
        return Files.createDirectory(tmp.resolve(name));
    }

    /** flock, POSIX record locks and OFD locks between a parent and forked children. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void locks_inHostDirectoryAndTmpfs(Target target) throws IOException {
        Outcome ref = GuestRunner.oracleFor(target).run(Invocation.of(target, "locks", dir("ref").toString()));
        assertTrue(ref.stdout().contains("deadlock: one side EDEADLK, the other OK\n"), ref::describe);
        assertTrue(ref.stdout().endsWith("locks: done\n"), ref::describe);
        Compare.sameResult(ref, GuestRunner.ZLX.run(Invocation.of(target, "locks", dir("zlx").toString())));
        Invocation shm = Invocation.of(target, "locks", "/dev/shm");
        Compare.sameResult(GuestRunner.oracleFor(target).run(shm), GuestRunner.ZLX.run(shm));
    }

    /** sendfile, splice, tee and vmsplice between files, pipes and user memory. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void splice_sendfileTeeVmsplice(Target target) throws IOException {
        Outcome ref = GuestRunner.oracleFor(target).run(Invocation.of(target, "splice", dir("ref").toString()));
        assertTrue(ref.stdout().contains("more than fits: 65536\n"), ref::describe);
        assertTrue(ref.stdout().endsWith("splice: done\n"), ref::describe);
        Compare.sameResult(ref, GuestRunner.ZLX.run(Invocation.of(target, "splice", dir("zlx").toString())));
    }

    /** fallocate on tmpfs (/dev/shm) and on a host directory, with the errors every file system shares. */
    @ParameterizedTest
    @EnumSource(Target.class)
    void fallocate_onTmpfsAndHostDirectory(Target target) throws IOException {
        Outcome ref = GuestRunner.oracleFor(target).run(
                Invocation.of(target, "fallocate", "/dev/shm", dir("ref").toString()));
        assertTrue(ref.stdout().contains("PUNCH_HOLE|KEEP_SIZE [0,4096): OK\n    size 10001 blocks 24\n"),
                ref::describe);
        assertTrue(ref.stdout().endsWith("fallocate: done\n"), ref::describe);
        Compare.sameResult(ref, GuestRunner.ZLX.run(
                Invocation.of(target, "fallocate", "/dev/shm", dir("zlx").toString())));
    }
}
