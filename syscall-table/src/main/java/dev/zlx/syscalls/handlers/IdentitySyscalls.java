package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.INT;
import static dev.zlx.syscalls.trace.ArgKind.PTR;

import dev.zlx.abi.Errno;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.kernel.Credentials;
import dev.zlx.kernel.Process;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.kernel.UserNamespace;
import dev.zlx.syscalls.SyscallRegistry;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reading and changing the credentials: the get*id and set*id families, getres*id(2),
 * setres*id(2), setfs*id(2), getgroups(2) and setgroups(2), by the rules of Linux's
 * kernel/sys.c. User and group ids follow the same rules, so each rule is written once over
 * {@link Ids} and applied to either set.
 *
 * <p>Ids are uid_t/gid_t: 32-bit unsigned, decoded with {@code u32} and returned unsigned.
 * (uid_t) -1 is never a valid id; the re/res forms read it as "leave unchanged". They are ids
 * of the caller's user namespace: the credentials hold kernel ids, so ids going in are mapped
 * down (EINVAL without a mapping) and ids coming out mapped up (overflowuid 65534 without one).
 *
 * <p>"Privileged" is CAP_SETUID or CAP_SETGID in the caller's own user namespace (its effective
 * capabilities, all or nothing in zlx). Credentials belong to the process, so a change is seen
 * by all its threads (what glibc's set*id broadcast achieves on Linux, where each thread has its own).
 */
public final class IdentitySyscalls {
    /** NGROUPS_MAX: the most supplementary groups a process may have. */
    static final int NGROUPS_MAX = dev.zlx.abi.KernelLimits.NGROUPS_MAX;
    /** (uid_t) -1 / (gid_t) -1: "unchanged" for the re/res forms, invalid elsewhere. */
    static final long UNCHANGED = 0xffff_ffffL;

    private static final String CAPS_NOTE = "capabilities are all or nothing (capset is ENOSYS); credentials are"
            + " per process";

    public void register(SyscallRegistry r) {
        r.full("getuid", (t, a) -> uidSeen(cred(t), cred(t).uid()));
        r.full("geteuid", (t, a) -> uidSeen(cred(t), cred(t).euid()));
        r.full("getgid", (t, a) -> gidSeen(cred(t), cred(t).gid()));
        r.full("getegid", (t, a) -> gidSeen(cred(t), cred(t).egid()));
        r.full("getresuid", (t, a) -> getres(t, a.ptr(0), a.ptr(1), a.ptr(2), true), PTR, PTR, PTR);
        r.full("getresgid", (t, a) -> getres(t, a.ptr(0), a.ptr(1), a.ptr(2), false), PTR, PTR, PTR);
        r.full("getgroups", (t, a) -> getgroups(t, a.i32(0), a.ptr(1)), INT, PTR);

        r.partial("setuid", CAPS_NOTE, (t, a) -> setid(t, a.u32(0), true), INT);
        r.partial("setgid", CAPS_NOTE, (t, a) -> setid(t, a.u32(0), false), INT);
        r.partial("setreuid", CAPS_NOTE, (t, a) -> setreid(t, a.u32(0), a.u32(1), true), INT, INT);
        r.partial("setregid", CAPS_NOTE, (t, a) -> setreid(t, a.u32(0), a.u32(1), false), INT, INT);
        r.partial("setresuid", CAPS_NOTE, (t, a) -> setresid(t, a.u32(0), a.u32(1), a.u32(2), true),
                INT, INT, INT);
        r.partial("setresgid", CAPS_NOTE, (t, a) -> setresid(t, a.u32(0), a.u32(1), a.u32(2), false),
                INT, INT, INT);
        r.partial("setfsuid", CAPS_NOTE, (t, a) -> setfsid(t, a.u32(0), true), INT);
        r.partial("setfsgid", CAPS_NOTE, (t, a) -> setfsid(t, a.u32(0), false), INT);
        r.partial("setgroups", CAPS_NOTE, (t, a) -> setgroups(t, a.i32(0), a.ptr(1)), INT, PTR);
    }

    private static Credentials cred(Task t) {
        return t.process().credentials();
    }

    /** from_kuid_munged in the caller's namespace, as the unsigned value a syscall returns. */
    private static long uidSeen(Credentials c, int kuid) {
        return Integer.toUnsignedLong(c.userNs().uidOf(kuid));
    }

    private static long gidSeen(Credentials c, int kgid) {
        return Integer.toUnsignedLong(c.userNs().gidOf(kgid));
    }

    /** make_kuid/make_kgid of an argument: UNCHANGED stays; an id without a mapping is EINVAL. */
    private static long kernelId(Task t, long id, boolean users) {
        if (id == UNCHANGED) {
            return id;
        }
        UserNamespace ns = cred(t).userNs();
        long k = users ? ns.kernelUid(id) : ns.kernelGid(id);
        if (k == UNCHANGED) {
            throw Errno.EINVAL.exception();
        }
        return k;
    }

    static long getres(Task t, long real, long effective, long saved, boolean users) {
        Credentials c = cred(t);
        AddressSpace mem = t.process().mm().space();
        UserNamespace ns = c.userNs();
        mem.writeInt(real, users ? ns.uidOf(c.uid()) : ns.gidOf(c.gid()));
        mem.writeInt(effective, users ? ns.uidOf(c.euid()) : ns.gidOf(c.egid()));
        mem.writeInt(saved, users ? ns.uidOf(c.suid()) : ns.gidOf(c.sgid()));
        return 0;
    }

    static long getgroups(Task t, int size, long list) {
        int[] groups = cred(t).groups();
        UserNamespace ns = cred(t).userNs();
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
            mem.writeInt(list + 4L * i, ns.gidOf(groups[i]));
        }
        return groups.length;
    }

    // The set*id calls: a handler per form, each a pure rule over one set of ids.

    /** setuid(2) (users) or setgid(2). */
    static long setid(Task t, long id, boolean users) {
        long k = kernelId(t, id, users);
        change(t, users, (old, privileged) -> setidRule(old, k, privileged));
        return 0;
    }

    /** setreuid(2) (users) or setregid(2). */
    static long setreid(Task t, long real, long effective, boolean users) {
        long r = kernelId(t, real, users);
        long e = kernelId(t, effective, users);
        change(t, users, (old, privileged) -> setreidRule(old, r, e, privileged));
        return 0;
    }

    /** setresuid(2) (users) or setresgid(2). */
    static long setresid(Task t, long real, long effective, long saved, boolean users) {
        long r = kernelId(t, real, users);
        long e = kernelId(t, effective, users);
        long s = kernelId(t, saved, users);
        change(t, users, (old, privileged) -> setresidRule(old, r, e, s, privileged));
        return 0;
    }

    /**
     * setfsuid(2) (users) or setfsgid(2): never fails, returns the previous fs id either way (an
     * id without a mapping changes nothing).
     */
    static long setfsid(Task t, long id, boolean users) {
        Credentials c = cred(t);
        UserNamespace ns = c.userNs();
        long k = users ? ns.kernelUid(id) : ns.kernelGid(id);
        int old = change(t, users, (o, privileged) -> setfsidRule(o, k, privileged)).fs();
        return users ? uidSeen(c, old) : gidSeen(c, old);
    }

    /**
     * setgroups(2): replaces the supplementary groups, which Linux keeps sorted (as kernel ids).
     * may_setgroups: CAP_SETGID, and a user namespace whose gid map is written and whose
     * setgroups file does not say "deny".
     */
    static long setgroups(Task t, int size, long list) {
        Process p = t.process();
        Credentials c = p.credentials();
        if (!privileged(c) || !c.userNs().maySetgroups()) {
            throw Errno.EPERM.exception();
        }
        if (Integer.compareUnsigned(size, NGROUPS_MAX) > 0) {
            throw Errno.EINVAL.exception();
        }
        int[] groups = new int[size];
        if (size > 0) {
            ByteBuffer.wrap(UserMemory.read(p.mm().space(), list, 4 * size)).order(ByteOrder.LITTLE_ENDIAN)
                    .asIntBuffer().get(groups);
        }
        for (int i = 0; i < size; i++) {
            long k = c.userNs().kernelGid(Integer.toUnsignedLong(groups[i]));
            if (k == UNCHANGED) {
                throw Errno.EINVAL.exception();
            }
            groups[i] = (int) k ^ Integer.MIN_VALUE; // sort as unsigned, as groups_sort does
        }
        Arrays.sort(groups);
        for (int i = 0; i < size; i++) {
            groups[i] ^= Integer.MIN_VALUE;
        }
        synchronized (p) {
            p.setCredentials(p.credentials().withGroups(groups));
        }
        return 0;
    }

    /** Real, effective, saved and file-system ids: a process's user ids or its group ids. */
    record Ids(int real, int effective, int saved, int fs) {
        boolean isOneOf(int id) {
            return id == real || id == effective || id == saved;
        }
    }

    /** A set*id rule: the new ids from the old, or EPERM/EINVAL thrown. */
    @FunctionalInterface
    interface Rule {
        Ids apply(Ids old, boolean privileged);
    }

    /** CAP_SETUID and CAP_SETGID: ns_capable_setid over the caller's own namespace. */
    private static boolean privileged(Credentials c) {
        return dev.zlx.kernel.Privilege.capable(c, c.userNs());
    }

    /**
     * Applies a rule to the caller's user (or group) ids as one step against the process's
     * other threads (under the process monitor, which nothing else holds while waiting), and
     * returns the ids from before.
     */
    private static Ids change(Task t, boolean users, Rule rule) {
        Process p = t.process();
        synchronized (p) {
            Credentials c = p.credentials();
            Ids old = users ? new Ids(c.uid(), c.euid(), c.suid(), c.fsuid())
                    : new Ids(c.gid(), c.egid(), c.sgid(), c.fsgid());
            Ids next = rule.apply(old, privileged(c));
            if (!next.equals(old)) {
                p.setCredentials(users ? c.withUids(next.real(), next.effective(), next.saved(), next.fs())
                        : c.withGids(next.real(), next.effective(), next.saved(), next.fs()));
            }
            return old;
        }
    }

    /**
     * setuid/setgid: privileged, all four ids; otherwise only the effective (and fs) id, to the
     * real or saved one.
     */
    static Ids setidRule(Ids old, long id, boolean privileged) {
        if (id == UNCHANGED) {
            throw Errno.EINVAL.exception();
        }
        int v = (int) id;
        if (privileged) {
            return new Ids(v, v, v, v);
        }
        if (v != old.real() && v != old.saved()) {
            throw Errno.EPERM.exception();
        }
        return new Ids(old.real(), v, old.saved(), v);
    }

    /**
     * setreuid/setregid: unprivileged, the real id may become the real or effective one and the
     * effective id any of the three. The saved id follows the effective one when the real id is
     * set or the effective id leaves the old real one; the fs id always follows the effective.
     */
    static Ids setreidRule(Ids old, long real, long effective, boolean privileged) {
        int r = old.real();
        int e = old.effective();
        if (real != UNCHANGED) {
            r = (int) real;
            if (r != old.real() && r != old.effective() && !privileged) {
                throw Errno.EPERM.exception();
            }
        }
        if (effective != UNCHANGED) {
            e = (int) effective;
            if (!old.isOneOf(e) && !privileged) {
                throw Errno.EPERM.exception();
            }
        }
        boolean saveEffective = real != UNCHANGED || (effective != UNCHANGED && e != old.real());
        return new Ids(r, e, saveEffective ? e : old.saved(), e);
    }

    /**
     * setresuid/setresgid: unprivileged, each id may become any of the current real, effective
     * and saved ones. A call that changes nothing leaves the fs id alone; otherwise it follows
     * the effective id.
     */
    static Ids setresidRule(Ids old, long real, long effective, long saved, boolean privileged) {
        boolean noop = (real == UNCHANGED || (int) real == old.real())
                && (effective == UNCHANGED || ((int) effective == old.effective() && (int) effective == old.fs()))
                && (saved == UNCHANGED || (int) saved == old.saved());
        if (noop) {
            return old;
        }
        boolean unprivilegedChange = (real != UNCHANGED && !old.isOneOf((int) real))
                || (effective != UNCHANGED && !old.isOneOf((int) effective))
                || (saved != UNCHANGED && !old.isOneOf((int) saved));
        if (unprivilegedChange && !privileged) {
            throw Errno.EPERM.exception();
        }
        int e = effective == UNCHANGED ? old.effective() : (int) effective;
        return new Ids(real == UNCHANGED ? old.real() : (int) real, e,
                saved == UNCHANGED ? old.saved() : (int) saved, e);
    }

    /**
     * setfsuid/setfsgid: the fs id may become the real, effective, saved or current fs id (any
     * id when privileged); anything else, including -1, leaves it unchanged without an error.
     */
    static Ids setfsidRule(Ids old, long id, boolean privileged) {
        int v = (int) id;
        if (id == UNCHANGED || !(old.isOneOf(v) || v == old.fs() || privileged)) {
            return old;
        }
        return new Ids(old.real(), old.effective(), old.saved(), v);
    }
}
