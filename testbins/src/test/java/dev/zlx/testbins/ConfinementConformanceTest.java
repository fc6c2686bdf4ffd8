package dev.zlx.testbins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Confinement (testbins confine): a guest with {@code --rootfs ROOT -v VOL:/vol --tmpfs /tmp}
 * tries every way out it knows and prints the errno of each; the text must be what Linux gives
 * in the same setup (made natively by {@code confine --native}: a private mount namespace and
 * pivot_root into ROOT, as root), and on the host nothing outside ROOT and VOL may be read,
 * created or changed: the secret next to ROOT never reaches the output, the sentinels keep
 * their content and times, and the files the guest makes through ".." and symlinks land inside.
 */
class ConfinementConformanceTest {
    private static final String SECRET = "host secret next to the root";

    /** What Linux 6.18 prints (checked natively by this test on x86-64). */
    static final String EXPECTED = """
                == .. past the root
                chdir /..: OK
                after chdir /..: cwd /
                stat /../../..: the root
                open /../secret.txt: ENOENT
                open ../../../../secret.txt from /: ENOENT
                openat(/sub/dir, ../../../..): the root
                openat(/sub/dir, ../../../secret.txt): ENOENT
                fchdir /sub/dir: OK
                after 6 x chdir ..: cwd /
                open secret.txt there: ENOENT
                open etc/inside there: read "inside the root"
                openat(/vol, ../..): the root
                openat(/vol, ../secret.txt): ENOENT
                == symlinks pointing out
                readlink /abs-out: an absolute host path
                readlink /rel-out: ../../../../..
                open /abs-out/secret.txt (host-planted absolute): ENOENT
                open /rel-out/secret.txt (host-planted relative): ENOENT
                stat /rel-out: the root
                open /secret-link (host-planted, to the file): ENOENT
                symlink /tmp/up -> ../../../..: OK
                symlink /tmp/abs -> /..: OK
                symlink /vol/out -> ../../../secret.txt: OK
                stat /tmp/up: the root
                stat /tmp/abs: the root
                open /tmp/up/secret.txt: ENOENT
                open /tmp/up/etc/inside: read "inside the root"
                open /vol/out: ENOENT
                create /abs-out/new (through a host-planted link): ENOENT
                create /rel-out/created-via-rel-out: OK
                create /tmp/up/created-via-up: OK
                create /../created-via-dotdot: OK
                mkdir /rel-out/../../dir-via-rel-out: OK
                == /proc/self tricks
                readlink /proc/self/root: /
                stat /proc/self/root/../..: the root
                open /proc/self/root/../secret.txt: ENOENT
                readlink /proc/self/cwd: /sub
                stat /proc/self/cwd/../../..: the root
                open /proc/self/cwd/../../secret.txt: ENOENT
                readlink /proc/self/fd/VOL: /vol
                open /proc/self/fd/VOL/../../secret.txt: ENOENT
                stat /proc/self/fd/VOL/../..: the root
                create /proc/self/root/../created-via-proc: OK
                == openat2
                BENEATH ../etc/inside from /sub: EXDEV
                BENEATH /etc/inside from /sub: EXDEV
                BENEATH dir/../../.. from /sub: EXDEV
                BENEATH dir from /sub: OK, another directory
                IN_ROOT /../../etc/inside from /sub: ENOENT
                IN_ROOT ../../.. from /sub: OK, another directory
                IN_ROOT dir/up-link from /sub: OK, another directory
                IN_ROOT dir/up-link/inside-sub from /sub: OK, a file
                no RESOLVE dir/up-link/etc/inside from /sub: OK, a file
                BENEATH dir/up-link from /sub: EXDEV
                IN_ROOT /rel-out/secret.txt from /: ENOENT
                IN_ROOT /proc/self/root/.. from /: EXDEV
                == link and rename across mounts
                link /vol/v -> /v-link: EXDEV
                link /vol/v -> /tmp/v-link: EXDEV
                link /etc/inside -> /vol/inside-link: EXDEV
                link /vol/v -> /vol/v-link: OK
                rename /vol/v -> /v-moved: EXDEV
                rename /vol/v -> /tmp/v-moved: EXDEV
                rename /etc/inside -> /vol/inside: EXDEV
                rename /vol -> /vol-moved (a mount point): EBUSY
                rename /tmp -> /tmp2 (a mount point): EBUSY
                rmdir /vol (a mount point): EBUSY
                rename /vol/v-link -> /vol/v-renamed: OK
                linkat /abs-out (AT_SYMLINK_FOLLOW) -> /abs-link: ENOENT
                linkat /secret-link (AT_SYMLINK_FOLLOW) -> /tmp/secret: ENOENT
                == chroot escape as root
                chroot /sub/dir: OK
                open /etc/inside in the chroot: ENOENT
                fchdir to the outer root: OK
                getcwd(2) there: (unreachable)/
                chroot . after 10 x chdir ..: OK
                stat / now: the root
                open /secret.txt: ENOENT
                open /etc/inside: read "inside the root"
                == after setuid 1000
                setgid 1000: OK
                setuid 1000: OK
                mount --bind / /sub: EPERM
                mount --bind /vol /sub: EPERM
                mount -t tmpfs /sub: EPERM
                mount -o remount,rw /vol: EPERM
                mount --make-shared /: EPERM
                umount /vol: EPERM
                umount2 /tmp MNT_DETACH: EPERM
                umount /proc: EPERM
                pivot_root / /sub: EPERM
                chroot /sub: EPERM
                unshare CLONE_NEWNS: EPERM
                mknod /dev-null-copy: EACCES
                == as uid 0 without capabilities
                capset to none: OK
                uid 0
                mount --bind / /sub: EPERM
                mount --bind /vol /sub: EPERM
                mount -t tmpfs /sub: EPERM
                mount -o remount,rw /vol: EPERM
                mount --make-shared /: EPERM
                umount /vol: EPERM
                umount2 /tmp MNT_DETACH: EPERM
                umount /proc: EPERM
                pivot_root / /sub: EPERM
                chroot /sub: EPERM
                unshare CLONE_NEWNS: EPERM
                mknod /dev-null-copy: EPERM
                == done
                """;

    /**
     * zlx has no capabilities yet (capget and capset are ENOSYS, "none" in docs/COMPAT.md): the
     * program then skips the calls that would need uid 0 without capabilities, which zlx would
     * allow. This names that one gap; everything else must be as on Linux.
     */
    private static String withoutCapabilities(String linux) {
        int at = linux.indexOf("capset to none: OK\n");
        int end = linux.indexOf("== done\n");
        return linux.substring(0, at) + "capset to none: ENOSYS\nuid 0\n" + linux.substring(end);
    }

    @TempDir
    Path tmp;

    @AfterEach
    void removeLinksThatClimbOut() throws IOException {
        // So that JUnit does not warn about links that point outside its temp dir.
        for (String run : new String[] {"native", "zlx"}) {
            Files.deleteIfExists(tmp.resolve(run).resolve("root/rel-out"));
        }
    }

    /** The host side of one run: the root, the bound directory, and what lies around them. */
    private record Layout(Path base, Path root, Path vol) {
        static Layout make(Path base, BuildTarget target) throws IOException {
            Path root = Files.createDirectories(base.resolve("root"));
            Path vol = Files.createDirectories(base.resolve("vol-host"));
            for (String d : new String[] {"etc", "sub/dir", "proc", "vol", "tmp"}) {
                Files.createDirectories(root.resolve(d));
            }
            Files.copy(target.binary("confine"), root.resolve("confine"));
            Files.writeString(root.resolve("etc/inside"), "inside the root\n");
            Files.writeString(root.resolve("sub/inside-sub"), "inside sub\n");
            Files.createSymbolicLink(root.resolve("sub/dir/up-link"), Path.of("../.."));
            // Planted by the host: links whose text leads out of ROOT if followed on the host.
            Files.createSymbolicLink(root.resolve("abs-out"), base);
            Files.createSymbolicLink(root.resolve("rel-out"), Path.of("../../../../.."));
            Files.createSymbolicLink(root.resolve("secret-link"), base.resolve("secret.txt"));
            Files.writeString(base.resolve("secret.txt"), SECRET + "\n");
            Files.writeString(vol.resolve("v"), "volume file\n");
            Path sentinels = Files.createDirectories(base.resolve("sentinels"));
            Files.writeString(sentinels.resolve("a"), "sentinel a\n");
            Files.createSymbolicLink(sentinels.resolve("link"), Path.of("a"));
            return new Layout(base, root, vol);
        }

        /** Every host file around ROOT and VOL with its type, size, mode, mtime and content. */
        Map<String, String> outside() throws IOException {
            Map<String, String> seen = new TreeMap<>();
            try (Stream<Path> all = Files.walk(base)) {
                for (Path p : all.filter(p -> !p.startsWith(root) && !p.startsWith(vol)).toList()) {
                    Map<String, Object> a = Files.readAttributes(p, "unix:mode,size,lastModifiedTime,ino",
                            LinkOption.NOFOLLOW_LINKS);
                    String content = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.readString(p)
                            : Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p) : "";
                    seen.put(base.relativize(p).toString(), a + " " + content);
                }
            }
            return seen;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Target.class)
    void escapeAttempts_failAsOnLinux_andTheHostOutsideIsUntouched(Target target) throws IOException {
        if (target.runsNatively()) {
            Layout n = Layout.make(Files.createDirectory(tmp.resolve("native")), target);
            Map<String, String> before = n.outside();
            Outcome ref = GuestRunner.NATIVE.run(Invocation.of(n.root().resolve("confine"), "--native",
                    n.root().toString(), n.vol().toString()));
            assumeTrue(ref.exitStatus() != 2, () -> "the native reference needs root (mount namespaces, "
                    + "pivot_root)\n" + ref.describe());
            Compare.exitStatus(0, ref);
            Compare.stdout(EXPECTED, ref);
            assertEquals(before, n.outside(), "the native run stays inside too");
        }
        Layout z = Layout.make(Files.createDirectory(tmp.resolve("zlx")), target);
        Map<String, String> before = z.outside();
        Outcome zlx = GuestRunner.ZLX.run(Invocation.of("/confine").arch(target.arch())
                .zlxOption("--rootfs").zlxOption(z.root().toString())
                .zlxOption("-v").zlxOption(z.vol() + ":/vol")
                .zlxOption("--tmpfs").zlxOption("/tmp"));
        Compare.exitStatus(0, zlx);
        Compare.stdout(withoutCapabilities(EXPECTED), zlx);

        assertFalse(zlx.stdout().contains(SECRET) || zlx.stderr().contains(SECRET), zlx::describe);
        assertEquals(before, z.outside(), "nothing outside ROOT and VOL was created, changed or removed");
        // What the guest made through "..", planted links and /proc/self/root is inside ROOT.
        for (String made : List.of("created-via-dotdot", "created-via-proc", "created-via-rel-out", "created-via-up")) {
            assertEquals("made by the guest\n", Files.readString(z.root().resolve(made)), made);
        }
        assertTrue(Files.isDirectory(z.root().resolve("dir-via-rel-out")));
        // The -v directory took the guest's changes on it and nothing else; ROOT's /vol and /tmp
        // stayed the empty mount points they were (the tmpfs kept its files in memory).
        assertEquals(List.of("out", "v", "v-renamed"), names(z.vol()));
        assertEquals(List.of(), names(z.root().resolve("vol")));
        assertEquals(List.of(), names(z.root().resolve("tmp")));
        assertEquals("inside the root\n", Files.readString(z.root().resolve("etc/inside")));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
