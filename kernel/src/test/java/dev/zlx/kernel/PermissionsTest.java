package dev.zlx.kernel;

import static dev.zlx.kernel.Permissions.MAY_EXEC;
import static dev.zlx.kernel.Permissions.MAY_READ;
import static dev.zlx.kernel.Permissions.MAY_WRITE;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.FileStat;
import dev.zlx.abi.StatMode;
import org.junit.jupiter.api.Test;

class PermissionsTest {
    private static final int OWNER = 1000;
    private static final int GROUP = 100;
    private static final Credentials OWNER_CRED = Credentials.of(OWNER, 5, new int[0]);
    private static final Credentials GROUP_CRED = Credentials.of(2000, GROUP, new int[0]);
    private static final Credentials SUPPLEMENTARY = Credentials.of(2000, 5, new int[] {7, GROUP});
    private static final Credentials OTHER = Credentials.of(2000, 5, new int[] {7});
    private static final Credentials ROOT = Credentials.of(0, 0, new int[0]);

    private static FileStat file(int mode) {
        return stat(StatMode.S_IFREG | mode);
    }

    private static FileStat stat(int mode) {
        return new FileStat(1, 1, mode, 1, OWNER, GROUP, 0, 0, 4096, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void owner_usesTheOwnerBitsOnly() {
        assertTrue(Permissions.may(OWNER_CRED, file(0600), MAY_READ | MAY_WRITE));
        assertFalse(Permissions.may(OWNER_CRED, file(0600), MAY_EXEC));
        // The owner class applies even when group or other would allow more.
        assertFalse(Permissions.may(OWNER_CRED, file(0077), MAY_READ));
    }

    @Test
    void group_primaryGroupUsesTheGroupBits() {
        assertTrue(Permissions.may(GROUP_CRED, file(0640), MAY_READ));
        assertFalse(Permissions.may(GROUP_CRED, file(0640), MAY_WRITE));
        assertFalse(Permissions.may(GROUP_CRED, file(0607), MAY_READ));
    }

    @Test
    void group_supplementaryGroupCounts() {
        assertTrue(Permissions.may(SUPPLEMENTARY, file(0660), MAY_WRITE));
    }

    @Test
    void other_usesTheOtherBits() {
        assertTrue(Permissions.may(OTHER, file(0604), MAY_READ));
        assertFalse(Permissions.may(OTHER, file(0660), MAY_READ));
    }

    @Test
    void mask_needsEveryRequestedBit() {
        assertFalse(Permissions.may(OWNER_CRED, file(0400), MAY_READ | MAY_WRITE));
    }

    @Test
    void root_readsAndWritesAnything() {
        assertTrue(Permissions.may(ROOT, file(0000), MAY_READ | MAY_WRITE));
    }

    @Test
    void root_executesOnlyWhenSomeExecuteBitIsSet() {
        assertFalse(Permissions.may(ROOT, file(0666), MAY_EXEC));
        assertTrue(Permissions.mayExecute(ROOT, file(0001)));
    }

    @Test
    void root_searchesAnyDirectory() {
        assertTrue(Permissions.may(ROOT, stat(StatMode.S_IFDIR | 0000), MAY_EXEC));
    }
}
