package dev.zlx.testbins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * User namespaces (testbin userns, run as root): unmapped ids read 65534; uid_map, gid_map and
 * setgroups take one write each by the rules of kernel/user_namespace.c, from inside and from a
 * privileged parent; stat, set*id, setgroups, chown and /proc/PID/status go through the
 * caller's namespace; a mount namespace owned by a new user namespace takes a tmpfs, and the
 * mounts copied into it are locked; a user maps its own uid to 0; nesting stops at 33 levels. On x86-64 natively and under zlx; on
 * aarch64 against the text Linux printed (qemu-aarch64 7.2 refuses CLONE_NEWUSER, as a
 * multi-threaded process). Then util-linux's unshare from the host, under zlx and natively.
 */
class UserNamespaceConformanceTest {
    @ParameterizedTest
    @EnumSource(Target.class)
    void userns_mapsIdsAndPrivilege(Target target, @TempDir Path tmp) throws IOException {
        // uid 1000 must reach the directory (stat, mount) through the test's temporary directory.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        GuestRunner.matchesLinux(target, Invocation.of(target, "userns", tmp.toString()), """
                unshare(CLONE_NEWUSER): OK
                same user ns: 0
                unmapped: uid 65534 euid 65534 gid 65534 egid 65534
                stat owner: 65534 65534
                open root's 0600 file unmapped: OK
                open 2000's 0600 file unmapped: EACCES
                uid_map: ''
                setgroups: 'allow|'
                uid_map '0 0': EINVAL
                uid_map 'x 0 1': EINVAL
                uid_map '0 0 0': EINVAL
                uid_map '0 0 1 junk': EINVAL
                uid_map '(lines)': EINVAL
                uid_map '(lines)': EINVAL
                uid_map '(lines)': EINVAL
                uid_map '(lines)': EINVAL
                uid_map '(lines)': EINVAL
                uid_map 341 lines: EINVAL
                uid_map 340 lines: EPERM
                uid_map '0 0 2': EPERM
                uid_map '0 5 1': EPERM
                uid_map 4096 bytes: EINVAL
                uid_map at offset 1: EINVAL
                uid_map '0 0 1': OK
                write again at offset 6: EINVAL
                uid_map again: EPERM
                uid_map: '         0          0          1|'
                uid mapped: uid 0 euid 0 gid 65534 egid 65534
                gid_map before deny: EPERM
                setgroups 'maybe': EINVAL
                setgroups 'deny': OK
                setgroups: 'deny|'
                setgroups 'allow': EPERM
                gid_map '0 0 1': OK
                setgroups 'deny' after gid_map: EPERM
                mapped: uid 0 euid 0 gid 0 egid 0
                open root's 0600 file as mapped root: OK
                open 2000's 0600 file as mapped root: EACCES
                setgroups(2) after deny: EPERM
                setuid(0): OK
                setuid(5): EINVAL
                chown to 5: EINVAL
                stat owner: 0 0
                stat owner: 65534 65534
                Uid: 0 0 0 0
                sethostname: EPERM
                mount in the parent's mount ns: EPERM
                unshare(CLONE_NEWUTS): OK
                ns/uts changed: 1, a uts link: 1
                sethostname in own UTS ns: OK
                parent writes uid_map: OK
                parent sees uid_map: '         0       1000         10|        10          0          1|'
                parent writes gid_map: OK
                parent sees child's Uid: 0 0 0 0
                child mapped by parent: uid 10 euid 10 gid 0 egid 0
                child sees uid_map: '         0       1000         10|        10          0          1|'
                stat owner: 0 1000
                stat owner: 65534 65534
                child sees its Uid: 10 10 10 10
                child sees parent's Uid: 10 10 10 10
                setgroups(2): OK
                getgroups: 2: 1001 1003
                setgroups(2) of unmapped 7000: EINVAL
                parent sees child's Groups: 1001 1003\s
                nested namespaces: 33, then ENOSPC
                unshare(CLONE_NEWUSER|CLONE_NEWNS): OK
                mount tmpfs: OK
                create a file unmapped: EOVERFLOW
                mkdir unmapped: EOVERFLOW
                symlink unmapped: EOVERFLOW
                umount: OK
                mount tmpfs: OK
                file on it: OK
                umount: OK
                mount nosuid tmpfs: OK
                unshare(CLONE_NEWUSER|CLONE_NEWNS): OK
                umount copied mount: EINVAL
                move copied mount: EINVAL
                remount without nosuid: EPERM
                remount nosuid,ro: OK
                mount on top: OK
                umount it: OK
                as 1000: unshare(CLONE_NEWNS): EPERM
                as 1000: unshare(CLONE_NEWUSER): OK
                uid_map '0 1001 1': EPERM
                uid_map '0 1000 2': EPERM
                uid_map '0 1000 1': OK
                gid_map '0 1000 1' before deny: EPERM
                setgroups 'deny': OK
                gid_map '0 1000 1': OK
                as 1000 mapped to 0: uid 0 euid 0 gid 0 egid 0
                uid_map: '         0       1000          1|'
                stat owner: 65534 65534
                unshare(CLONE_NEWNS): OK
                mount tmpfs: OK
                umount: OK
                after exec: euid 0, CapEff empty 0
                uid_map '5 0 1': OK
                mapped as 5: uid 5 euid 5 gid 65534 egid 65534
                after exec: euid 5, CapEff empty 1
                clone child: same user ns 0, uid 65534
                clone(CLONE_NEWUSER): OK
                cloned with CLONE_NEWNS|CLONE_NEWUTS: mount OK, umount OK, sethostname OK
                clone(CLONE_NEWUSER|CLONE_NEWNS|CLONE_NEWUTS): OK
                clone(CLONE_NEWUSER|CLONE_FS): EINVAL
                unshare(CLONE_NEWUSER) with two threads: EINVAL
                chroot: OK
                chrooted unshare(CLONE_NEWUSER): EPERM
                userns: done
                """);
    }

    private static Invocation unshare(String... args) {
        return Invocation.of(TestPaths.hostTool("/usr/bin/unshare", "util-linux"), args).arch("x86_64");
    }

    /** unshare -r: a new user namespace where the caller is root ("0 EUID 1", setgroups deny). */
    @Test
    void hostUnshare_mapRootUser() {
        Outcome ref = GuestRunner.NATIVE.run(unshare("-r", "id", "-u"));
        Compare.stdout("0\n", ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(unshare("-r", "id", "-u")));
    }

    /** unshare -rm: with a mount namespace of its own, owned by the new user namespace, root there mounts a tmpfs. */
    @Test
    void hostUnshare_mountTmpfsInOwnedMountNamespace() {
        Invocation inv = unshare("-rm", "sh", "-c", "mount -t tmpfs x /mnt && echo ok && cat /proc/self/uid_map");
        Outcome ref = GuestRunner.NATIVE.run(inv);
        Compare.stdout("ok\n         0          0          1\n", ref);
        Compare.sameResult(ref, GuestRunner.ZLX.run(inv));
    }
}
