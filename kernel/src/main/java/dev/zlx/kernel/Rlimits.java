package dev.zlx.kernel;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Resource;

/**
 * A process's resource limits (soft and hard per RLIMIT_*), with Linux's defaults for a
 * process started by an unprivileged login. Guarded by its monitor.
 */
public final class Rlimits {
    public static final long INFINITY = -1L;
    private static final int COUNT = 16;

    private final long[] soft = new long[COUNT];
    private final long[] hard = new long[COUNT];

    public Rlimits() {
        java.util.Arrays.fill(soft, INFINITY);
        java.util.Arrays.fill(hard, INFINITY);
        set(Resource.RLIMIT_STACK, 8L << 20, INFINITY);
        set(Resource.RLIMIT_CORE, 0, INFINITY);
        set(Resource.RLIMIT_NOFILE, 1024, 1L << 20);
        set(Resource.RLIMIT_NPROC, 63_000, 63_000);
        set(Resource.RLIMIT_MEMLOCK, 8L << 20, 8L << 20);
        set(Resource.RLIMIT_SIGPENDING, 63_000, 63_000);
        set(Resource.RLIMIT_MSGQUEUE, 819_200, 819_200);
        set(Resource.RLIMIT_NICE, 0, 0);
        set(Resource.RLIMIT_RTPRIO, 0, 0);
    }

    private Rlimits(long[] soft, long[] hard) {
        System.arraycopy(soft, 0, this.soft, 0, COUNT);
        System.arraycopy(hard, 0, this.hard, 0, COUNT);
    }

    /** A copy for a child process. */
    public synchronized Rlimits copy() {
        return new Rlimits(soft, hard);
    }

    private static void check(int resource) {
        if (resource < 0 || resource >= COUNT) {
            throw Errno.EINVAL.exception();
        }
    }

    public synchronized long soft(int resource) {
        check(resource);
        return soft[resource];
    }

    public synchronized long hard(int resource) {
        check(resource);
        return hard[resource];
    }

    /** setrlimit without privilege checks: soft must not exceed hard (unsigned compare). */
    public synchronized void set(int resource, long newSoft, long newHard) {
        check(resource);
        if (Long.compareUnsigned(newSoft, newHard) > 0) {
            throw Errno.EINVAL.exception();
        }
        soft[resource] = newSoft;
        hard[resource] = newHard;
    }
}
