package dev.zlx.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every public constant of the constants classes against the value abi_facts.c printed for each arch. */
class ConstantsTest {
    private static final List<Class<?>> CLASSES = List.of(Fcntl.class, Renameat.class, Mman.class, StatMode.class,
            Statx.class, Ioctls.class, Clocks.class, Resource.class, Signals.class, Prctl.class, ArchPrctl.class,
            Random.class, Futex.class, Itimers.class, Epoll.class, Eventfd.class, TermiosFlags.class);
    /** Canonical x86-64 values; other arches go through OpenFlags. */
    private static final Set<String> ARCH_OPEN_FLAGS = Set.of("O_DIRECT", "O_LARGEFILE", "O_DIRECTORY", "O_NOFOLLOW",
            "O_TMPFILE");
    /** Defined by zlx, not printed by the C program. */
    private static final Set<String> NOT_IN_C = Set.of("SIGRTMAX", "TICK_NANOS", "CPUCLOCK_PROF", "CPUCLOCK_VIRT",
            "CPUCLOCK_SCHED", "CPUCLOCK_MAX", "CPUCLOCK_CLOCK_MASK", "CPUCLOCK_PERTHREAD_MASK", "CLOCKFD", "CLOCKFD_MASK",
            "PROCESS_CLOCK", "THREAD_CLOCK", "EVENT_SIZE_X86_64", "EVENT_SIZE_AARCH64", "COUNTER_MAX", "VALUE_SIZE");

    @ParameterizedTest
    @EnumSource(Arch.class)
    void everyConstant_matchesTheHeaders(Arch arch) throws IllegalAccessException {
        AbiFacts facts = AbiFacts.of(arch);
        int checked = 0;
        for (Class<?> c : CLASSES) {
            if (c == ArchPrctl.class && arch != Arch.X86_64) {
                continue;
            }
            for (Field f : c.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (!Modifier.isPublic(mod) || !Modifier.isStatic(mod) || NOT_IN_C.contains(f.getName())) {
                    continue;
                }
                Long expected = facts.constant(f.getName());
                assertNotNull(expected, c.getSimpleName() + "." + f.getName() + " not printed by abi_facts.c");
                long actual = f.getType() == long.class ? f.getLong(null) : f.getInt(null);
                if (c == Fcntl.class && ARCH_OPEN_FLAGS.contains(f.getName())) {
                    actual = OpenFlags.of(arch).fromCanonical((int) actual);
                }
                if (f.getType() == int.class) {
                    assertEquals((int) (long) expected, (int) actual, arch + " " + f.getName());
                    assertTrue(expected >= Integer.MIN_VALUE && expected <= 0xffffffffL, f.getName());
                } else {
                    assertEquals((long) expected, actual, arch + " " + f.getName());
                }
                checked++;
            }
        }
        assertTrue(checked > 250, "checked " + checked);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void openFlags_accessorsMatchTheHeaders(Arch arch) {
        AbiFacts facts = AbiFacts.of(arch);
        OpenFlags flags = OpenFlags.of(arch);
        assertEquals(facts.constant("O_DIRECT"), flags.oDirect());
        assertEquals(facts.constant("O_LARGEFILE"), flags.oLargefile());
        assertEquals(facts.constant("O_DIRECTORY"), flags.oDirectory());
        assertEquals(facts.constant("O_NOFOLLOW"), flags.oNofollow());
        assertEquals(facts.constant("O_TMPFILE"), flags.oTmpfile());
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void minSigStackSize_matchesTheHeaders(Arch arch) {
        assertEquals(AbiFacts.of(arch).constant("MINSIGSTKSZ"), Signals.minSigStackSize(arch));
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void utsnameLength_matchesNewUtsLen(Arch arch) {
        assertEquals(AbiFacts.of(arch).constant("__NEW_UTS_LEN") + 1, Utsname.LENGTH);
    }
}
