package dev.zlx.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** ptrace_may_access between two processes' credentials (PTRACE_MODE_FSCREDS). */
class PtraceAccessTest {
    private static final Credentials ROOT = Credentials.of(0, 0, new int[0]);
    private static final Credentials USER = Credentials.of(1000, 1000, new int[0]);
    private static final Credentials NOBODY = Credentials.of(65534, 65534, new int[0]);

    @Test
    void sameIdsDumpable_allowed() {
        assertTrue(PtraceAccess.allowed(USER, USER, true));
    }

    @Test
    void anotherUser_refused_rootAllowed() {
        assertFalse(PtraceAccess.allowed(NOBODY, USER, true));
        assertTrue(PtraceAccess.allowed(ROOT, USER, true));
    }

    @Test
    void notDumpable_onlyRoot() {
        assertFalse(PtraceAccess.allowed(USER, USER, false));
        assertTrue(PtraceAccess.allowed(ROOT, USER, false));
    }

    /** Every one of the target's real, effective and saved ids must be the caller's fs id. */
    @Test
    void setIdTarget_refused() {
        Credentials setuid = USER.withUids(1000, 0, 0, 0);
        assertFalse(PtraceAccess.allowed(USER, setuid, true));
        Credentials setgid = USER.withGids(1000, 50, 50, 50);
        assertFalse(PtraceAccess.allowed(USER, setgid, true));
    }

    /** The caller's file-system ids count, not its real ones. */
    @Test
    void callerFsIds_decide() {
        Credentials fsuidNobody = USER.withUids(1000, 1000, 1000, 65534).withGids(1000, 1000, 1000, 65534);
        assertTrue(PtraceAccess.allowed(fsuidNobody, NOBODY, true));
        assertFalse(PtraceAccess.allowed(fsuidNobody, USER, true));
    }
}
