package dev.zlx.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyscallNumbersTest {
    private final SyscallNumbers x86 = SyscallNumbers.of(Arch.X86_64);
    private final SyscallNumbers arm = SyscallNumbers.of(Arch.AARCH64);

    @Test
    void x86_64_knownPairs() {
        assertEquals(0, x86.number("read"));
        assertEquals(1, x86.number("write"));
        assertEquals(257, x86.number("openat"));
        assertEquals(231, x86.number("exit_group"));
        assertEquals(435, x86.number("clone3"));
        assertEquals(2, x86.number("open"));
        assertEquals(158, x86.number("arch_prctl"));
        assertEquals(262, x86.number("newfstatat"));
        assertEquals(335, x86.number("uretprobe"));
        assertEquals("openat", x86.name(257));
    }

    @Test
    void aarch64_knownPairs() {
        assertEquals(56, arm.number("openat"));
        assertEquals(94, arm.number("exit_group"));
        assertEquals(63, arm.number("read"));
        assertEquals(64, arm.number("write"));
        assertEquals(435, arm.number("clone3"));
        assertEquals(79, arm.number("newfstatat"));
        assertEquals(38, arm.number("renameat"));
        assertEquals(84, arm.number("sync_file_range"));
        assertEquals(222, arm.number("mmap"));
        assertEquals("openat", arm.name(56));
    }

    @Test
    void aarch64_hasNoLegacySyscalls() {
        for (String legacy : List.of("open", "stat", "fork", "pipe", "arch_prctl", "uretprobe", "epoll_wait", "dup2")) {
            assertEquals(-1, arm.number(legacy), legacy);
        }
    }

    @Test
    void post61Syscalls_presentOnBothArches() {
        for (SyscallNumbers t : List.of(x86, arm)) {
            assertEquals(451, t.number("cachestat"));
            assertEquals(452, t.number("fchmodat2"));
            assertEquals(453, t.number("map_shadow_stack"));
            assertEquals(456, t.number("futex_requeue"));
            assertEquals(462, t.number("mseal"));
            assertEquals(466, t.number("removexattrat"));
            assertEquals(467, t.number("open_tree_attr"));
            assertEquals(467, t.maxNumber());
        }
    }

    @Test
    void count_perArch() {
        // x86-64: 362 in the 6.1 header, + 17 (451..467) + uretprobe; aarch64: 306 + 17.
        assertEquals(380, x86.names().size());
        assertEquals(323, arm.names().size());
    }

    @Test
    void gaps_stayUnassigned() {
        for (int n = 336; n <= 423; n++) {
            assertNull(x86.name(n), "x86_64 " + n);
        }
        for (int n = 244; n <= 259; n++) {
            assertNull(arm.name(n), "aarch64 arch-specific " + n);
        }
        for (int n = 295; n <= 423; n++) {
            assertNull(arm.name(n), "aarch64 " + n);
        }
        assertNull(x86.name(-1));
        assertNull(x86.name(468));
        assertEquals(-1, x86.number("no_such_syscall"));
    }

    @Test
    void numbersAndNames_areUniqueAndRoundTrip() {
        for (SyscallNumbers t : List.of(x86, arm)) {
            assertEquals(t.names().size(), new HashSet<>(t.names()).size());
            int previous = -1;
            for (String name : t.names()) {
                int n = t.number(name);
                assertEquals(name, t.name(n));
                assertEquals(true, n > previous, "ordered by number: " + name);
                previous = n;
            }
        }
    }
}
