package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.INT;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Resource;
import dev.zlx.kernel.Credentials;
import dev.zlx.kernel.Process;
import dev.zlx.kernel.Task;
import dev.zlx.syscalls.SyscallRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Nice values: getpriority(2) and setpriority(2) as kernel/sys.c has them. The nice value
 * belongs to a thread, as on Linux: PRIO_PROCESS names one thread by its id (a process id names
 * the leader alone), PRIO_PGRP and PRIO_USER every thread of the matching processes. The
 * scheduler does not weigh it yet: threads get equal time whatever their nice value.
 */
public final class PrioritySyscalls {
    public void register(SyscallRegistry r) {
        r.partial("getpriority", NOTE, (t, a) -> getpriority(t, a.i32(0), a.i32(1)), INT, INT);
        r.partial("setpriority", NOTE, (t, a) -> setpriority(t, a.i32(0), a.i32(1), a.i32(2)), INT, INT, INT);
    }

    private static final String NOTE = "nice values are kept per thread, inherited and checked as on Linux, "
            + "but do not change how much CPU time a thread gets";
    /** MAX_NICE (linux/sched/prio.h). */
    private static final int MAX_NICE = Resource.PRIO_MAX - 1;

    /** The largest 20 - nice among the matching threads (nice_to_rlimit: 40 for -20, 1 for 19). */
    static long getpriority(Task t, int which, int who) {
        int best = -1;
        for (Task each : targets(t, which, who)) {
            best = Math.max(best, MAX_NICE + 1 - each.nice());
        }
        if (best < 0) {
            throw Errno.ESRCH.exception();
        }
        return best;
    }

    /**
     * Sets the clamped nice value on every matching thread it may change; the error of the last
     * thread refused (EPERM, EACCES) wins over the successes, as set_one_prio accumulates it.
     */
    static long setpriority(Task t, int which, int who, int nice) {
        int clamped = Math.clamp(nice, Resource.PRIO_MIN, MAX_NICE);
        List<Task> matching = targets(t, which, who);
        if (matching.isEmpty()) {
            throw Errno.ESRCH.exception();
        }
        Errno error = null;
        for (Task target : matching) {
            Errno refused = setOne(t.process().credentials(), target, clamped);
            if (refused != null) {
                error = refused;
            }
        }
        if (error != null) {
            throw error.exception();
        }
        return 0;
    }

    /** set_one_prio: the caller must own the target, and only a privileged caller or RLIMIT_NICE lowers it. */
    private static Errno setOne(Credentials caller, Task target, int nice) {
        Credentials owner = target.process().credentials();
        // CAP_SYS_NICE over the target's user namespace.
        boolean privileged = dev.zlx.kernel.Privilege.capable(caller, owner.userNs());
        if (owner.uid() != caller.euid() && owner.euid() != caller.euid() && !privileged) {
            return Errno.EPERM;
        }
        if (nice < target.nice() && !canNice(target.process(), nice)
                && !dev.zlx.kernel.Privilege.capable(caller, dev.zlx.kernel.UserNamespace.INITIAL)) {
            return Errno.EACCES;
        }
        target.setNice(nice);
        return null;
    }

    /** can_nice without the capability: the target's RLIMIT_NICE allows nice values down to 20 - rlim_cur. */
    private static boolean canNice(Process target, int nice) {
        return Long.compareUnsigned(MAX_NICE + 1 - nice, target.rlimits().soft(Resource.RLIMIT_NICE)) <= 0;
    }

    /** The live threads that which and who select; EINVAL for an unknown which. */
    private static List<Task> targets(Task t, int which, int who) {
        List<Task> out = new ArrayList<>();
        switch (which) {
            case Resource.PRIO_PROCESS -> {
                Task target = who == 0 ? t : t.process().kernel().task(who);
                Process exited = target == null ? t.process().kernel().process(who) : null;
                if (target != null) {
                    out.add(target);
                } else if (exited != null) {
                    // A zombie, or a process whose leader exited: its pid still names the leader.
                    exited.tasksWithExitedLeader().stream().filter(each -> each.tid() == who).forEach(out::add);
                }
            }
            case Resource.PRIO_PGRP -> {
                int pgid = who == 0 ? t.process().pgid() : who;
                for (Process p : t.process().kernel().processes()) {
                    if (p.pgid() == pgid) {
                        out.addAll(p.tasksWithExitedLeader());
                    }
                }
            }
            case Resource.PRIO_USER -> {
                // make_kuid: an id the caller's namespace does not map is (uid_t) -1, nobody's.
                int uid = who == 0 ? t.process().credentials().uid()
                        : (int) t.process().credentials().userNs().kernelUid(Integer.toUnsignedLong(who));
                for (Process p : t.process().kernel().processes()) {
                    if (p.credentials().uid() == uid) {
                        out.addAll(p.tasksWithExitedLeader());
                    }
                }
            }
            default -> throw Errno.EINVAL.exception();
        }
        return out;
    }
}
