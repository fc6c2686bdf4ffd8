package dev.zlx.testbins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What root sets on a host directory's files (hostown.c: chown, chmod 0, set-ID bits, device
 * nodes, trusted.* attributes, O_TMPFILE) reads back as on the reference, run as root on another
 * host directory; and on the host, zlx's files stay the running user's and usable by it, and
 * nothing outside the directory changed.
 */
class HostOwnershipConformanceTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Target.class)
    void ownersModesDevicesAndAttributes_asRootSeesThem(Target target) throws IOException {
        Path ref = Files.createDirectory(tmp.resolve("ref"));
        Path mine = Files.createDirectory(tmp.resolve("zlx"));
        Outcome reference = GuestRunner.oracleFor(target).run(Invocation.of(target, "hostown", ref.toString()));
        assertTrue(reference.stdout().endsWith("hostown: done\n"), reference::describe);
        assertTrue(reference.stdout().contains("chown 1234:5678: OK\n"), "the reference runs as root\n"
                + reference.describe());
        Outcome zlx = GuestRunner.ZLX.run(Invocation.of(target, "hostown", mine.toString()));
        Compare.sameResult(reference, zlx);

        int user = (Integer) Files.getAttribute(tmp, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        try (Stream<Path> files = Files.walk(mine)) {
            for (Path p : files.toList()) {
                assertEquals(user, Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS), p.toString());
                int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    assertEquals(0600, mode & 0600, "the user can read and write " + p);
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    assertEquals(0700, mode & 0700, "the user can use " + p);
                }
            }
        }
        // The device nodes are empty host files: nothing written to /dev/null landed there.
        assertEquals(0, Files.size(mine.resolve("nul2")));
        try (Stream<Path> top = Files.list(tmp)) {
            assertEquals(List.of("ref", "zlx"), top.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
