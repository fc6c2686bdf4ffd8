package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.INT;
import static dev.zlx.syscalls.trace.ArgKind.PTR;

import dev.zlx.abi.Errno;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.kernel.Credentials;
import dev.zlx.kernel.Task;
import dev.zlx.syscalls.SyscallRegistry;

/** Reading the credentials: the get*id family, getres*id(2) and getgroups(2). */
public final class IdentitySyscalls {
    public void register(SyscallRegistry r) {
        r.full("getuid", (t, a) -> cred(t).uid());
        r.full("geteuid", (t, a) -> cred(t).euid());
        r.full("getgid", (t, a) -> cred(t).gid());
        r.full("getegid", (t, a) -> cred(t).egid());
        r.full("getresuid", (t, a) -> getres(t, a.ptr(0), a.ptr(1), a.ptr(2), true), PTR, PTR, PTR);
        r.full("getresgid", (t, a) -> getres(t, a.ptr(0), a.ptr(1), a.ptr(2), false), PTR, PTR, PTR);
        r.full("getgroups", (t, a) -> getgroups(t, a.i32(0), a.ptr(1)), INT, PTR);
    }

    private static Credentials cred(Task t) {
        return t.process().credentials();
    }

    static long getres(Task t, long real, long effective, long saved, boolean users) {
        Credentials c = cred(t);
        AddressSpace mem = t.process().mm().space();
        mem.writeInt(real, users ? c.uid() : c.gid());
        mem.writeInt(effective, users ? c.euid() : c.egid());
        mem.writeInt(saved, users ? c.suid() : c.sgid());
        return 0;
    }

    static long getgroups(Task t, int size, long list) {
        int[] groups = cred(t).groups();
        if (size < 0) {
            throw Errno.EINVAL.exception();
        }
        if (size == 0) {
            return groups.length;
        }
        if (size < groups.length) {
            throw Errno.EINVAL.exception();
        }
        AddressSpace mem = t.process().mm().space();
        for (int i = 0; i < groups.length; i++) {
            mem.writeInt(list + 4L * i, groups[i]);
        }
        return groups.length;
    }
}
