package dev.zlx.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** execve's credential rules (fs/exec.c bprm_fill_uid, commit_creds). */
class CredentialsTest {
    private static final Credentials USER = new Credentials(1000, 1001, 1002, 1003, 100, 101, 102, 103, new int[] {7});

    @Test
    void plainFile_savedAndFsIdsFollowTheEffectiveOnes() {
        Credentials c = USER.afterExec(0, 0, 0755);
        assertEquals(1000, c.uid());
        assertEquals(1001, c.euid());
        assertEquals(1001, c.fsuid());
        assertEquals(101, c.fsgid());
        assertEquals(1001, c.suid());
        assertEquals(101, c.sgid());
        assertTrue(c.secureExec(), "euid 1001 differs from uid 1000");
    }

    @Test
    void setUserId_makesTheOwnerEffective() {
        Credentials c = Credentials.of(1000, 100, new int[0]).afterExec(0, 50, 04755);
        assertEquals(1000, c.uid());
        assertEquals(0, c.euid());
        assertEquals(0, c.suid());
        assertEquals(0, c.fsuid());
        assertEquals(100, c.egid());
        assertTrue(c.secureExec());
    }

    @Test
    void setGroupId_needsGroupExecute() {
        Credentials base = Credentials.of(1000, 100, new int[0]);
        assertEquals(50, base.afterExec(0, 50, 02755).egid());
        // Without S_IXGRP the bit means mandatory locking, not set-group-ID.
        Credentials locking = base.afterExec(0, 50, 02745);
        assertEquals(100, locking.egid());
        assertFalse(locking.secureExec());
    }
}
