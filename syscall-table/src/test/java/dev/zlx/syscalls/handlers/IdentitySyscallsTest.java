package dev.zlx.syscalls.handlers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zlx.abi.Errno;
import dev.zlx.kernel.Credentials;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class IdentitySyscallsTest extends HandlerTestBase {
    /** (uid_t) -1 as the register holds it from C: sign-extended. */
    private static final long NO_CHANGE = -1L;

    private void as(int uid, int euid, int suid, int fsuid) {
        as(new Credentials(uid, euid, suid, fsuid, 100, 200, 300, 200, new int[] {7}));
    }

    private void as(Credentials c) {
        guest.process().setCredentials(c);
    }

    private void asGroups(int egid, int gid, int sgid, int fsgid, int euid) {
        as(new Credentials(1000, euid, 1000, euid, gid, egid, sgid, fsgid, new int[0]));
    }

    private Credentials cred() {
        return guest.process().credentials();
    }

    private void assertUids(int uid, int euid, int suid, int fsuid) {
        Credentials c = cred();
        assertEquals(java.util.List.of(uid, euid, suid, fsuid), java.util.List.of(c.uid(), c.euid(), c.suid(), c.fsuid()),
                "uid, euid, suid, fsuid");
    }

    private void assertGids(int gid, int egid, int sgid, int fsgid) {
        Credentials c = cred();
        assertEquals(java.util.List.of(gid, egid, sgid, fsgid), java.util.List.of(c.gid(), c.egid(), c.sgid(), c.fsgid()),
                "gid, egid, sgid, fsgid");
    }

    // setuid

    @Test
    void setuid_privileged_setsAllFourIds_andGivesUpPrivilege() {
        as(0, 0, 0, 0);
        assertEquals(0, sys("setuid", 1000));
        assertUids(1000, 1000, 1000, 1000);
        assertEquals(err(Errno.EPERM), sys("setuid", 0));
        assertUids(1000, 1000, 1000, 1000);
    }

    @Test
    void setuid_privilegeIsTheEffectiveId() {
        as(1000, 0, 1000, 0);
        assertEquals(0, sys("setuid", 2000));
        assertUids(2000, 2000, 2000, 2000);
    }

    @Test
    void setuid_unprivileged_changesOnlyEffectiveAndFs_toRealOrSaved() {
        as(1000, 2000, 3000, 2000);
        assertEquals(0, sys("setuid", 3000));
        assertUids(1000, 3000, 3000, 3000);
        assertEquals(0, sys("setuid", 1000));
        assertUids(1000, 1000, 3000, 1000);
        assertEquals(err(Errno.EPERM), sys("setuid", 2000));
        assertUids(1000, 1000, 3000, 1000);
    }

    @Test
    void setuid_minusOne_EINVAL() {
        as(0, 0, 0, 0);
        assertEquals(err(Errno.EINVAL), sys("setuid", NO_CHANGE));
        assertEquals(err(Errno.EINVAL), sys("setuid", 0xffff_ffffL));
        assertUids(0, 0, 0, 0);
    }

    @Test
    void setuid_largeIds_areUnsigned() {
        as(0, 0, 0, 0);
        assertEquals(0, sys("setuid", 0xffff_fffeL));
        assertEquals(0xffff_fffeL, sys("getuid"));
        assertEquals(0xffff_fffeL, sys("geteuid"));
    }

    @Test
    void setuid_onlyTheLow32BitsCount() {
        as(0, 0, 0, 0);
        assertEquals(0, sys("setuid", (1L << 32) | 1234));
        assertUids(1234, 1234, 1234, 1234);
    }

    // setgid

    @Test
    void setgid_privileged_setsAllFourGroupIds() {
        asGroups(200, 100, 300, 200, 0);
        assertEquals(0, sys("setgid", 555));
        assertGids(555, 555, 555, 555);
    }

    @Test
    void setgid_unprivileged_changesOnlyEffectiveAndFs_toRealOrSaved() {
        asGroups(200, 100, 300, 200, 1000);
        assertEquals(0, sys("setgid", 300));
        assertGids(100, 300, 300, 300);
        assertEquals(0, sys("setgid", 100));
        assertGids(100, 100, 300, 100);
        assertEquals(err(Errno.EPERM), sys("setgid", 200));
        assertEquals(err(Errno.EINVAL), sys("setgid", NO_CHANGE));
        assertGids(100, 100, 300, 100);
    }

    // setreuid / setregid

    @Test
    void setreuid_bothMinusOne_onlyResetsFsToEffective() {
        as(1000, 2000, 3000, 3000);
        assertEquals(0, sys("setreuid", NO_CHANGE, NO_CHANGE));
        assertUids(1000, 2000, 3000, 2000);
    }

    @Test
    void setreuid_unprivileged_effectiveToSaved_savesIt() {
        as(1000, 2000, 3000, 2000);
        assertEquals(0, sys("setreuid", NO_CHANGE, 3000));
        assertUids(1000, 3000, 3000, 3000);
    }

    @Test
    void setreuid_unprivileged_effectiveToReal_keepsSaved() {
        as(1000, 2000, 3000, 2000);
        assertEquals(0, sys("setreuid", NO_CHANGE, 1000));
        assertUids(1000, 1000, 3000, 1000);
    }

    @Test
    void setreuid_unprivileged_swap_savesTheNewEffective() {
        as(1000, 2000, 3000, 2000);
        assertEquals(0, sys("setreuid", 2000, 1000));
        assertUids(2000, 1000, 1000, 1000);
    }

    @Test
    void setreuid_unprivileged_realToSaved_EPERM() {
        as(1000, 2000, 3000, 2000);
        assertEquals(err(Errno.EPERM), sys("setreuid", 3000, NO_CHANGE));
        assertEquals(err(Errno.EPERM), sys("setreuid", NO_CHANGE, 4000));
        assertEquals(err(Errno.EPERM), sys("setreuid", 2000, 4000));
        assertUids(1000, 2000, 3000, 2000);
    }

    @Test
    void setreuid_privileged_anyIds() {
        as(1000, 0, 1000, 0);
        assertEquals(0, sys("setreuid", 5, 6));
        assertUids(5, 6, 6, 6);
    }

    @Test
    void setregid_unprivilegedAndPrivileged() {
        asGroups(200, 100, 300, 200, 1000);
        assertEquals(err(Errno.EPERM), sys("setregid", 300, NO_CHANGE));
        assertEquals(0, sys("setregid", NO_CHANGE, 300));
        assertGids(100, 300, 300, 300);
        assertEquals(0, sys("setregid", 300, NO_CHANGE));
        assertGids(300, 300, 300, 300);
        asGroups(200, 100, 300, 200, 0);
        assertEquals(0, sys("setregid", 7, 8));
        assertGids(7, 8, 8, 8);
    }

    // setresuid / setresgid

    @Test
    void setresuid_unprivileged_permutesTheThreeIds() {
        as(1000, 2000, 3000, 2000);
        assertEquals(0, sys("setresuid", 3000, 1000, 2000));
        assertUids(3000, 1000, 2000, 1000);
    }

    @Test
    void setresuid_unprivileged_newId_EPERM_andNothingChanges() {
        as(1000, 2000, 3000, 2000);
        assertEquals(err(Errno.EPERM), sys("setresuid", 3000, 1000, 4000));
        assertEquals(err(Errno.EPERM), sys("setresuid", NO_CHANGE, 4000, NO_CHANGE));
        assertUids(1000, 2000, 3000, 2000);
    }

    @Test
    void setresuid_minusOne_leavesThatIdAlone() {
        as(1000, 2000, 3000, 2000);
        assertEquals(0, sys("setresuid", NO_CHANGE, 3000, NO_CHANGE));
        assertUids(1000, 3000, 3000, 3000);
        assertEquals(0, sys("setresuid", 0xffff_ffffL, 0xffff_ffffL, 1000));
        assertUids(1000, 3000, 1000, 3000);
    }

    @Test
    void setresuid_noChange_keepsTheFsId() {
        as(1000, 2000, 3000, 3000);
        assertEquals(0, sys("setresuid", NO_CHANGE, NO_CHANGE, NO_CHANGE));
        assertUids(1000, 2000, 3000, 3000);
        assertEquals(0, sys("setresuid", 1000, NO_CHANGE, 3000));
        assertUids(1000, 2000, 3000, 3000);
        // The same effective id with another fs id is a change: fs follows the effective.
        assertEquals(0, sys("setresuid", NO_CHANGE, 2000, NO_CHANGE));
        assertUids(1000, 2000, 3000, 2000);
    }

    @Test
    void setresuid_privileged_anyIds() {
        as(0, 0, 0, 0);
        assertEquals(0, sys("setresuid", 1, 2, 3));
        assertUids(1, 2, 3, 2);
        // euid 2 is unprivileged now: 4 is none of 1, 2, 3.
        assertEquals(err(Errno.EPERM), sys("setresuid", NO_CHANGE, 4, NO_CHANGE));
    }

    @Test
    void setresuid_keepingSavedRoot_allowsRegainingIt() {
        as(0, 0, 0, 0);
        assertEquals(0, sys("setresuid", 1000, 1000, NO_CHANGE));
        assertUids(1000, 1000, 0, 1000);
        assertEquals(0, sys("setresuid", NO_CHANGE, 0, NO_CHANGE));
        assertUids(1000, 0, 0, 0);
    }

    @Test
    void setresgid_unprivilegedAndPrivileged() {
        asGroups(200, 100, 300, 200, 1000);
        assertEquals(0, sys("setresgid", 300, 100, NO_CHANGE));
        assertGids(300, 100, 300, 100);
        assertEquals(err(Errno.EPERM), sys("setresgid", NO_CHANGE, NO_CHANGE, 999));
        assertGids(300, 100, 300, 100);
        asGroups(200, 100, 300, 200, 0);
        assertEquals(0, sys("setresgid", 1, 2, 3));
        assertGids(1, 2, 3, 2);
    }

    @Test
    void getresuid_afterSetresuid() {
        as(0, 0, 0, 0);
        sys("setresuid", 1, 2, 3);
        long r = guest.alloc(4);
        long e = guest.alloc(4);
        long s = guest.alloc(4);
        assertEquals(0, sys("getresuid", r, e, s));
        assertEquals(1, readInt(r));
        assertEquals(2, readInt(e));
        assertEquals(3, readInt(s));
    }

    // setfsuid / setfsgid

    @Test
    void setfsuid_returnsTheOldFsId() {
        as(1000, 2000, 3000, 2000);
        assertEquals(2000, sys("setfsuid", 3000));
        assertUids(1000, 2000, 3000, 3000);
        assertEquals(3000, sys("setfsuid", 1000));
        assertUids(1000, 2000, 3000, 1000);
    }

    @Test
    void setfsuid_unprivileged_refusal_returnsOldAndChangesNothing() {
        as(1000, 2000, 3000, 2000);
        assertEquals(2000, sys("setfsuid", 4000));
        assertUids(1000, 2000, 3000, 2000);
    }

    @Test
    void setfsuid_minusOne_queriesTheFsId() {
        as(0, 0, 0, 0);
        assertEquals(0, sys("setfsuid", 4000));
        assertEquals(4000, sys("setfsuid", NO_CHANGE));
        assertUids(0, 0, 0, 4000);
    }

    @Test
    void setfsuid_followsTheEffectiveId() {
        as(1000, 2000, 3000, 1000);
        assertEquals(0, sys("setuid", 3000));
        assertEquals(3000, sys("setfsuid", NO_CHANGE));
    }

    @Test
    void setfsgid_returnsOld_refusesUnprivileged() {
        asGroups(200, 100, 300, 200, 1000);
        assertEquals(200, sys("setfsgid", 100));
        assertEquals(100, sys("setfsgid", 999));
        assertGids(100, 200, 300, 100);
        asGroups(200, 100, 300, 200, 0);
        assertEquals(200, sys("setfsgid", 999));
        assertGids(100, 200, 300, 999);
    }

    // setgroups / getgroups

    private long putInts(int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return guest.put(b.array());
    }

    private int readInt(long addr) {
        return ByteBuffer.wrap(guest.read(addr, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private int[] getgroups() {
        int n = (int) sys("getgroups", 0, 0);
        long list = guest.alloc(4 * Math.max(n, 1));
        assertEquals(n, sys("getgroups", n, list));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = readInt(list + 4L * i);
        }
        return out;
    }

    @Test
    void setgroups_thenGetgroups_roundTrip_sortedAsLinuxKeepsThem() {
        as(0, 0, 0, 0);
        assertEquals(0, sys("setgroups", 4, putInts(30, 10, 0xffff_fff0, 20)));
        assertArrayEquals(new int[] {10, 20, 30, 0xffff_fff0}, getgroups());
        assertArrayEquals(new int[] {10, 20, 30, 0xffff_fff0}, cred().groups());
    }

    @Test
    void setgroups_sizeZero_clears() {
        as(0, 0, 0, 0);
        assertEquals(0, sys("setgroups", 0, 0));
        assertArrayEquals(new int[0], getgroups());
    }

    @Test
    void setgroups_tooMany_EINVAL() {
        as(0, 0, 0, 0);
        assertEquals(err(Errno.EINVAL), sys("setgroups", IdentitySyscalls.NGROUPS_MAX + 1, putInts(1)));
        assertEquals(err(Errno.EINVAL), sys("setgroups", -1, putInts(1)));
        assertArrayEquals(new int[] {7}, getgroups());
    }

    @Test
    void setgroups_NGROUPS_MAX_isAccepted() {
        as(0, 0, 0, 0);
        int n = IdentitySyscalls.NGROUPS_MAX;
        long list = sys("mmap", 0, 4L * n, 3, 0x22, -1, 0);
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putInt(n - i);
        }
        guest.space().write(list, b.array(), 0, 4 * n);
        assertEquals(0, sys("setgroups", n, list));
        assertEquals(n, sys("getgroups", 0, 0));
        assertEquals(1, cred().groups()[0]);
    }

    @Test
    void setgroups_minusOneInTheList_EINVAL() {
        as(0, 0, 0, 0);
        assertEquals(err(Errno.EINVAL), sys("setgroups", 2, putInts(5, -1)));
        assertArrayEquals(new int[] {7}, getgroups());
    }

    @Test
    void setgroups_unprivileged_EPERM() {
        as(1000, 1000, 1000, 1000);
        assertEquals(err(Errno.EPERM), sys("setgroups", 1, putInts(5)));
        assertEquals(err(Errno.EPERM), sys("setgroups", 0, 0));
        assertArrayEquals(new int[] {7}, getgroups());
    }

    @Test
    void setgroups_badPointer_EFAULT() {
        as(0, 0, 0, 0);
        assertEquals(err(Errno.EFAULT), sys("setgroups", 2, 0));
    }

    @Test
    void getgroups_bufferTooSmall_EINVAL() {
        as(0, 0, 0, 0);
        sys("setgroups", 3, putInts(1, 2, 3));
        assertEquals(err(Errno.EINVAL), sys("getgroups", 2, guest.alloc(8)));
        assertEquals(err(Errno.EINVAL), sys("getgroups", -1, guest.alloc(8)));
    }
}
