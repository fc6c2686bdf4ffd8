package dev.zlx.syscalls.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Resource;
import dev.zlx.abi.Rlimit;
import dev.zlx.kernel.Credentials;
import org.junit.jupiter.api.Test;

class ResourceSyscallsTest extends HandlerTestBase {
    private Rlimit get(int resource) {
        long old = guest.alloc(Rlimit.SIZE);
        assertEquals(0, sys("prlimit64", 0, resource, 0, old));
        return Rlimit.read(guest.read(old, Rlimit.SIZE), 0);
    }

    @Test
    void prlimit64_nofile_roundTrip() {
        long wanted = guest.put(new Rlimit(100, 200).encode());
        long old = guest.alloc(Rlimit.SIZE);
        assertEquals(0, sys("prlimit64", 0, Resource.RLIMIT_NOFILE, wanted, old));
        assertEquals(new Rlimit(1024, 1L << 20), Rlimit.read(guest.read(old, Rlimit.SIZE), 0));
        assertEquals(new Rlimit(100, 200), get(Resource.RLIMIT_NOFILE));
        assertEquals(100, guest.process().rlimits().soft(Resource.RLIMIT_NOFILE));
    }

    @Test
    void prlimit64_ownPidExplicitly_sameAsZero() {
        long old = guest.alloc(Rlimit.SIZE);
        assertEquals(0, sys("prlimit64", guest.process().pid(), Resource.RLIMIT_STACK, 0, old));
        assertEquals(new Rlimit(8L << 20, Resource.RLIM_INFINITY), Rlimit.read(guest.read(old, Rlimit.SIZE), 0));
    }

    @Test
    void prlimit64_softAboveHard_EINVAL() {
        long wanted = guest.put(new Rlimit(300, 200).encode());
        assertEquals(err(Errno.EINVAL), sys("prlimit64", 0, Resource.RLIMIT_NOFILE, wanted, 0));
    }

    @Test
    void prlimit64_raisingTheHardLimitUnprivileged_EPERM() {
        guest.process().setCredentials(Credentials.of(1000, 1000, new int[0]));
        long lower = guest.put(new Rlimit(100, 200).encode());
        sys("prlimit64", 0, Resource.RLIMIT_NOFILE, lower, 0);
        long raise = guest.put(new Rlimit(100, 300).encode());
        assertEquals(err(Errno.EPERM), sys("prlimit64", 0, Resource.RLIMIT_NOFILE, raise, 0));
        assertEquals(new Rlimit(100, 200), get(Resource.RLIMIT_NOFILE));
    }

    @Test
    void prlimit64_unknownResourceOrProcess() {
        assertEquals(err(Errno.EINVAL), sys("prlimit64", 0, Resource.RLIM_NLIMITS, 0, guest.alloc(16)));
        assertEquals(err(Errno.ESRCH), sys("prlimit64", 9999, Resource.RLIMIT_NOFILE, 0, guest.alloc(16)));
    }

    @Test
    void prlimit64_addressSpace_appliesToTheMemory() {
        long wanted = guest.put(new Rlimit(1L << 20, Resource.RLIM_INFINITY).encode());
        assertEquals(0, sys("prlimit64", 0, Resource.RLIMIT_AS, wanted, 0));
        assertEquals(err(Errno.ENOMEM), sys("mmap", 0, 2L << 20, 3, 0x22, -1, 0));
    }
}
