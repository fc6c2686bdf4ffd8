package dev.zlx.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zlx.abi.Errno;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.Resource;
import org.junit.jupiter.api.Test;

class RlimitsTest {
    private final Rlimits limits = new Rlimits();

    @Test
    void defaults_areAnUnprivilegedLogin() {
        assertEquals(1024, limits.soft(Resource.RLIMIT_NOFILE));
        assertEquals(8L << 20, limits.soft(Resource.RLIMIT_STACK));
        assertEquals(Rlimits.INFINITY, limits.hard(Resource.RLIMIT_STACK));
        assertEquals(0, limits.soft(Resource.RLIMIT_CORE));
        assertEquals(Rlimits.INFINITY, limits.soft(Resource.RLIMIT_AS));
    }

    @Test
    void set_softAboveHard_EINVALAndUnchanged() {
        LinuxException e = assertThrows(LinuxException.class, () -> limits.set(Resource.RLIMIT_NOFILE, 10, 5));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(1024, limits.soft(Resource.RLIMIT_NOFILE));
    }

    @Test
    void set_infinityComparesAsTheLargestValue() {
        limits.set(Resource.RLIMIT_AS, 100, Rlimits.INFINITY);
        assertEquals(100, limits.soft(Resource.RLIMIT_AS));
        LinuxException e = assertThrows(LinuxException.class,
                () -> limits.set(Resource.RLIMIT_AS, Rlimits.INFINITY, 100));
        assertEquals(Errno.EINVAL, e.errno());
    }

    @Test
    void resourceOutOfRange_EINVAL() {
        assertEquals(Errno.EINVAL, assertThrows(LinuxException.class, () -> limits.soft(16)).errno());
        assertEquals(Errno.EINVAL, assertThrows(LinuxException.class, () -> limits.hard(-1)).errno());
    }

    @Test
    void copy_isIndependentBothWays() {
        Rlimits child = limits.copy();
        child.set(Resource.RLIMIT_NOFILE, 10, 20);
        limits.set(Resource.RLIMIT_STACK, 1 << 20, 1 << 21);
        assertEquals(1024, limits.soft(Resource.RLIMIT_NOFILE));
        assertEquals(10, child.soft(Resource.RLIMIT_NOFILE));
        assertEquals(8L << 20, child.soft(Resource.RLIMIT_STACK));
    }
}
