package dev.zlx.syscalls.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Resource;
import dev.zlx.abi.Rlimit;
import dev.zlx.kernel.Credentials;
import org.junit.jupiter.api.Test;

/**
 * What the testbins priority program cannot show against Linux here: an unprivileged caller
 * lowering its nice value within RLIMIT_NICE (raising that limit needs CAP_SYS_RESOURCE, which a
 * container's root may lack).
 */
class PrioritySyscallsTest extends HandlerTestBase {
    private void unprivilegedWithNiceLimit(long limit) {
        long wanted = guest.put(new Rlimit(limit, limit).encode());
        assertEquals(0, sys("prlimit64", 0, Resource.RLIMIT_NICE, wanted, 0));
        guest.process().setCredentials(Credentials.of(1000, 1000, new int[0]));
    }

    @Test
    void setpriority_belowCurrent_allowedDownTo20MinusRlimitNice() {
        unprivilegedWithNiceLimit(25);
        assertEquals(0, sys("setpriority", Resource.PRIO_PROCESS, 0, 10));
        assertEquals(0, sys("setpriority", Resource.PRIO_PROCESS, 0, -5));
        assertEquals(25, sys("getpriority", Resource.PRIO_PROCESS, 0));
        assertEquals(err(Errno.EACCES), sys("setpriority", Resource.PRIO_PROCESS, 0, -6));
        assertEquals(25, sys("getpriority", Resource.PRIO_PROCESS, 0));
    }

    @Test
    void setpriority_rlimitNiceZero_onlyRaises() {
        unprivilegedWithNiceLimit(0);
        assertEquals(0, sys("setpriority", Resource.PRIO_PROCESS, 0, 3));
        assertEquals(err(Errno.EACCES), sys("setpriority", Resource.PRIO_PROCESS, 0, 2));
        assertEquals(0, sys("setpriority", Resource.PRIO_PROCESS, 0, 3));
        assertEquals(17, sys("getpriority", Resource.PRIO_PROCESS, 0));
    }

    @Test
    void setpriority_infiniteRlimitNice_reachesMinus20() {
        unprivilegedWithNiceLimit(Resource.RLIM_INFINITY);
        assertEquals(0, sys("setpriority", Resource.PRIO_USER, 0, -30));
        assertEquals(40, sys("getpriority", Resource.PRIO_USER, 0));
        assertEquals(40, sys("getpriority", Resource.PRIO_PGRP, 0));
    }
}
