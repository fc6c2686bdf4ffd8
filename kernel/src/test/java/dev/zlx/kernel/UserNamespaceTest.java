package dev.zlx.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zlx.abi.Errno;
import dev.zlx.abi.LinuxException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** User namespaces: map parsing and writing, translation, setgroups, privilege (kernel/user_namespace.c). */
class UserNamespaceTest {
    private static final Credentials ROOT = Credentials.of(0, 0, new int[0]);
    private static final Credentials USER = Credentials.of(1000, 1000, new int[0]);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static Errno errno(Runnable r) {
        return assertThrows(LinuxException.class, r::run).errno();
    }

    @Test
    void parse_linesAndErrors() {
        IdMap m = IdMap.parse(b("0 1000 10\n  10\t0 1 \n"));
        assertEquals(2, m.extents().size());
        assertEquals(1005, m.down(5));
        assertEquals(0, m.down(10));
        assertEquals(IdMap.INVALID, m.down(11));
        assertEquals(10, m.up(0));
        for (String bad : new String[] {"", "0 0", "0 0 0", "x 0 1", "0 0 1 x", "0 0 1\n\n", "0 0 2\n1 5 1",
            "0 0 1\n5 0 1", "4294967295 0 1", "1 0 4294967295"}) {
            assertEquals(Errno.EINVAL, errno(() -> IdMap.parse(b(bad))), bad);
        }
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 341; i++) {
            lines.append(i * 2).append(' ').append(i * 2).append(" 1\n");
        }
        assertEquals(Errno.EINVAL, errno(() -> IdMap.parse(b(lines.toString()))));
        String first340 = lines.substring(0, lines.indexOf("680 680 1\n"));
        assertEquals(340, IdMap.parse(b(first340)).extents().size());
    }

    @Test
    void newNamespace_mapsNothingUntilWrittenOnce() {
        Credentials inside = ROOT.inNewUserNamespace(false);
        UserNamespace ns = inside.userNs();
        assertEquals(65534, ns.uidOf(0));
        assertTrue(Privilege.capable(inside, ns));
        assertFalse(Privilege.capable(inside, UserNamespace.INITIAL));
        assertEquals(Errno.EINVAL, errno(() -> ns.writeMap(true, b("0 0 1"), 1, inside)));
        assertEquals(Errno.EPERM, errno(() -> ns.writeMap(true, b("0 0 2"), 0, inside)));
        ns.writeMap(true, b("0 0 1\n"), 0, inside);
        assertEquals(0, ns.uidOf(0));
        assertEquals(Errno.EPERM, errno(() -> ns.writeMap(true, b("0 0 1"), 0, inside)));
        assertEquals("         0          0          1\n", ns.showMap(true, ns));
        // gid_map: an unprivileged writer needs setgroups "deny" first, which is then for good.
        assertEquals(Errno.EPERM, errno(() -> ns.writeMap(false, b("0 0 1"), 0, inside)));
        ns.writeSetgroups(b("deny\n"), 0, inside);
        assertEquals(Errno.EPERM, errno(() -> ns.writeSetgroups(b("allow"), 0, inside)));
        ns.writeMap(false, b("0 0 1"), 0, inside);
        assertFalse(ns.maySetgroups());
        assertEquals("deny\n", ns.setgroupsText());
    }

    @Test
    void parentWrites_severalLinesShownInEachReadersTerms() {
        Credentials inside = ROOT.inNewUserNamespace(false);
        UserNamespace ns = inside.userNs();
        ns.writeMap(true, b("0 1000 10\n10 0 1"), 0, ROOT);
        assertEquals("         0       1000         10\n        10          0          1\n",
                ns.showMap(true, UserNamespace.INITIAL));
        assertEquals(10, ns.uidOf(0));
        assertEquals(3, ns.uidOf(1003));
        assertEquals(1003, ns.kernelUid(3));
        // The initial namespace's map as the child sees it: kernel id 0 is its 10.
        assertEquals("         0         10 4294967295\n", UserNamespace.INITIAL.showMap(true, ns));
        assertEquals(Errno.EPERM, errno(() -> UserNamespace.INITIAL.writeMap(true, b("0 0 1"), 0, ROOT)));
    }

    @Test
    void unprivilegedUser_mapsOnlyItsOwnId() {
        Credentials inside = USER.inNewUserNamespace(false);
        UserNamespace ns = inside.userNs();
        assertEquals(Errno.EPERM, errno(() -> ns.writeMap(true, b("0 1001 1"), 0, inside)));
        ns.writeMap(true, b("0 1000 1"), 0, inside);
        Credentials root = inside.afterExec(0, 0, 0755);
        assertTrue(root.capEffective(), "uid 0 inside keeps its capabilities across execve");
        Credentials five = inside.withUids(1000, 1000, 1000, 1000);
        assertTrue(five.capEffective());
        // The owner (uid 1000 outside) is privileged over the namespace it made.
        assertTrue(Privilege.capable(USER, ns));
        assertFalse(Privilege.capable(Credentials.of(1001, 1001, new int[0]), ns));
    }

    @Test
    void creation_limitsAndRefusals() {
        Credentials c = ROOT;
        int levels = 0;
        try {
            while (true) {
                c = c.inNewUserNamespace(false);
                levels++;
                c.userNs().writeMap(true, b("0 0 1"), 0, c);
                c.userNs().writeSetgroups(b("deny"), 0, c);
                c.userNs().writeMap(false, b("0 0 1"), 0, c);
            }
        } catch (LinuxException e) {
            assertEquals(Errno.ENOSPC, e.errno());
        }
        assertEquals(33, levels);
        assertEquals(Errno.EPERM, errno(() -> ROOT.inNewUserNamespace(true)));
        // An unmapped creator (no map written yet) cannot make a child namespace.
        Credentials unmapped = ROOT.inNewUserNamespace(false);
        assertEquals(Errno.EPERM, errno(() -> unmapped.inNewUserNamespace(false)));
    }

    @Test
    void setuidAway_dropsCapabilitiesInTheNamespace() {
        Credentials inside = ROOT.inNewUserNamespace(false);
        inside.userNs().writeMap(true, b("0 0 1\n5 5 1"), 0, ROOT);
        Credentials five = inside.withUids(5, 5, 5, 5);
        assertFalse(five.capEffective());
        assertFalse(five.capPermitted());
        Credentials effectiveOnly = inside.withUids(0, 5, 0, 5);
        assertFalse(effectiveOnly.capEffective());
        assertTrue(effectiveOnly.withUids(0, 0, 0, 0).capEffective());
    }
}
