package dev.zlx.kernel;

import dev.zlx.abi.Errno;
import dev.zlx.abi.KernelSigaction;
import dev.zlx.abi.Siginfo;
import dev.zlx.abi.Signals;
import dev.zlx.vfs.Interruption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Parents and children: adoption at fork, zombies at exit, reparenting of orphans to the
 * kernel's init (which reaps them), and the waits of wait4(2) and waitid(2). One lock guards
 * every process's children list and dead flag; waiters sleep on it.
 */
public final class ProcessTree {
    /** wait options (linux/wait.h). */
    public static final int WNOHANG = 1;
    public static final int WUNTRACED = 2;
    public static final int WEXITED = 4;
    public static final int WCONTINUED = 8;
    public static final int WNOWAIT = 0x01000000;
    public static final int WNOTHREAD = 0x20000000;
    public static final int WALL = 0x40000000;
    public static final int WCLONE = 0x80000000;
    /** SA_NOCLDWAIT: children of this parent are reaped at once. */
    private static final long SA_NOCLDWAIT = 2;

    private final Kernel kernel;
    private final Object lock = new Object();

    ProcessTree(Kernel kernel) {
        this.kernel = kernel;
    }

    /** Which children a wait is for: a pid, a process group, or any. */
    public record Selector(Kind kind, int id) {
        public enum Kind { PID, PGID, ANY }

        boolean matches(Process p) {
            return switch (kind) {
                case PID -> p.pid() == id;
                case PGID -> p.pgid() == id;
                case ANY -> true;
            };
        }
    }

    /**
     * A reaped (or, with WNOWAIT, observed) child: its pid, what happened to it, its uid and CPU
     * times. For a stop, status is null and stopSignal says which; a continue has neither.
     */
    public record Reaped(int pid, Change change, ExitStatus status, int stopSignal, int uid, long userNanos,
            long cpuNanos) {
        /** What a wait reports. */
        public enum Change { EXITED, STOPPED, CONTINUED }

        /** The wait(2) status word. */
        public int waitStatus() {
            return switch (change) {
                case EXITED -> status.waitStatus();
                case STOPPED -> (stopSignal << 8) | 0x7f;
                case CONTINUED -> 0xffff;
            };
        }
    }

    /**
     * A stop signal (SIGSTOP, or SIGTSTP/SIGTTIN/SIGTTOU by default) stops p: its tasks wait
     * for SIGCONT at their next return to guest code, the parent can see it with WUNTRACED and
     * gets SIGCHLD (unless it asked SA_NOCLDSTOP).
     */
    void stop(Process p, int sig) {
        synchronized (lock) {
            if (p.stopped || p.isDead()) {
                return;
            }
            p.stopped = true;
            p.stopSignal = sig;
            p.stopToReport = true;
            p.continueToReport = false;
            lock.notifyAll();
        }
        for (Task t : p.tasks()) {
            t.kick();
        }
        notifyParentOfJobChange(p);
    }

    /** SIGCONT (and SIGKILL) resume a stopped p; the parent learns it with WCONTINUED and SIGCHLD. */
    void resume(Process p, boolean report) {
        synchronized (lock) {
            if (!p.stopped) {
                return;
            }
            p.stopped = false;
            p.stopToReport = false;
            p.continueToReport = report;
            lock.notifyAll();
        }
        synchronized (p.stopMonitor) {
            p.stopMonitor.notifyAll();
        }
        if (report) {
            notifyParentOfJobChange(p);
        }
    }

    /** The SIGCHLD (or clone's exit signal) siginfo of p's end, as do_notify_parent fills it. */
    private static Siginfo exitInfo(Process p, Process parent) {
        ExitStatus s = p.exitStatus();
        int code = s.signal() == 0 ? Siginfo.CLD_EXITED : s.coreDumped() ? Siginfo.CLD_DUMPED : Siginfo.CLD_KILLED;
        int status = s.signal() == 0 ? s.code() : s.signal();
        return Siginfo.child(p.exitSignal(), code, p.pid(), uidSeenBy(parent, p), status);
    }

    /** The child's uid as the parent's user namespace sees it (do_notify_parent's si_uid). */
    private static int uidSeenBy(Process parent, Process child) {
        return parent.credentials().userNs().uidOf(child.credentials().uid());
    }

    private void notifyParentOfJobChange(Process p) {
        Process parent = kernel.process(p.ppid());
        if (parent == null || parent.pid() == Kernel.INIT_PID) {
            return;
        }
        KernelSigaction chld = parent.action(Signals.SIGCHLD);
        if ((chld.flags() & Signals.SA_NOCLDSTOP) == 0) {
            boolean stopped;
            int stopSignal;
            synchronized (lock) {
                stopped = p.stopped;
                stopSignal = p.stopSignal;
            }
            Siginfo info = stopped
                    ? Siginfo.child(Signals.SIGCHLD, Siginfo.CLD_STOPPED, p.pid(), uidSeenBy(parent, p), stopSignal)
                    : Siginfo.child(Signals.SIGCHLD, Siginfo.CLD_CONTINUED, p.pid(), uidSeenBy(parent, p),
                            Signals.SIGCONT);
            SignalSender.send(parent, null, info, null);
        }
    }

    /** Blocks a task of a stopped process until it is continued (or ends). */
    public static void awaitContinue(Task t) {
        Process p = t.process();
        while (p.stopped && p.exitStatus() == null) {
            synchronized (p.stopMonitor) {
                if (!p.stopped) {
                    break;
                }
                try {
                    Interruption.await(p.stopMonitor, 1000);
                } catch (dev.zlx.abi.LinuxException kicked) {
                    Interruption.current().clear();
                }
            }
        }
    }

    void adopt(Process parent, Process child) {
        synchronized (lock) {
            parent.children.add(child);
            child.setPpid(parent.pid());
        }
    }

    /**
     * The last task of p has left: p becomes a zombie, its children go to init, and the parent
     * is told (its exit signal, and its waiters wake). Children of init, and children whose
     * parent ignores SIGCHLD or set SA_NOCLDWAIT, are reaped at once.
     */
    void exited(Process p) {
        Process parent;
        boolean autoReap;
        List<Process> orphans;
        synchronized (lock) {
            p.markDead();
            Process init = kernel.process(Kernel.INIT_PID);
            Process reaper = subreaperFor(p, init);
            orphans = new ArrayList<>(p.children);
            for (Process orphan : orphans) {
                orphan.setPpid(reaper == null ? Kernel.INIT_PID : reaper.pid());
                if (reaper != null && reaper != p) {
                    reaper.children.add(orphan);
                }
            }
            p.children.clear();
            if (init != null) {
                reapDeadLocked(init);
            }
            parent = kernel.process(p.ppid());
            KernelSigaction chld = parent == null ? null : parent.action(Signals.SIGCHLD);
            autoReap = parent == null || parent.pid() == Kernel.INIT_PID
                    || (chld != null && (chld.handler() == 1 || (chld.flags() & SA_NOCLDWAIT) != 0));
            if (autoReap) {
                if (parent != null) {
                    parent.children.remove(p);
                }
                kernel.reap(p);
            }
            // As do_notify_parent under tasklist_lock: SIGCHLD is pending before a wait can see
            // the zombie. SIGCHLD never stops or ends the parent, so sending it here takes no
            // lock that waits for this one; other exit signals may, and go after.
            if (parent != null && !autoReap && p.exitSignal() == Signals.SIGCHLD) {
                SignalSender.send(parent, null, exitInfo(p, parent), null);
            }
            lock.notifyAll();
        }
        if (parent != null && !autoReap && p.exitSignal() != 0 && p.exitSignal() != Signals.SIGCHLD) {
            SignalSender.send(parent, null, exitInfo(p, parent), null);
        }
        for (Process orphan : orphans) {
            if (orphan.parentDeathSignal() != 0 && !orphan.isDead()) {
                SignalSender.send(orphan, orphan.parentDeathSignal(), null);
            }
        }
    }

    /** Waits until p's last task has left (p is a zombie or reaped); returns how it ended. */
    public ExitStatus awaitDeath(Process p) {
        synchronized (lock) {
            while (!p.isDead()) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return p.exitStatus();
    }

    /** The nearest living ancestor of p that is a child subreaper, or init (PR_SET_CHILD_SUBREAPER). */
    private Process subreaperFor(Process p, Process init) {
        Process a = kernel.process(p.ppid());
        while (a != null && a.pid() != Kernel.INIT_PID) {
            if (a.childSubreaper() && !a.isDead()) {
                return a;
            }
            a = kernel.process(a.ppid());
        }
        return init;
    }

    private void reapDeadLocked(Process init) {
        for (Iterator<Process> it = init.children.iterator(); it.hasNext(); ) {
            Process c = it.next();
            if (c.isDead()) {
                it.remove();
                kernel.reap(c);
            }
        }
    }

    /**
     * Waits for a child of caller chosen by selector to have ended; returns it, or null with
     * WNOHANG when none has yet. ECHILD when caller has no such child; EINTR when interrupted.
     */
    public Reaped waitFor(Process caller, Selector selector, int options) {
        synchronized (lock) {
            while (true) {
                List<Process> candidates = new ArrayList<>();
                for (Process c : caller.children) {
                    if (selector.matches(c) && waitsOn(c, options)) {
                        candidates.add(c);
                    }
                }
                if (candidates.isEmpty()) {
                    throw Errno.ECHILD.exception();
                }
                boolean keep = (options & WNOWAIT) != 0;
                for (Process c : candidates) {
                    if (c.isDead() && (options & WEXITED) != 0) {
                        if (!keep) {
                            caller.children.remove(c);
                            kernel.reap(c);
                            ReapedTimes.add(caller, c);
                            caller.addReapedIo(c);
                        }
                        return new Reaped(c.pid(), Reaped.Change.EXITED, c.exitStatus(), 0, c.credentials().uid(),
                                c.userNanos(), c.cpuNanos());
                    }
                    if (!c.isDead() && c.stopToReport && (options & WUNTRACED) != 0) {
                        c.stopToReport = keep;
                        return new Reaped(c.pid(), Reaped.Change.STOPPED, null, c.stopSignal,
                                c.credentials().uid(), c.userNanos(), c.cpuNanos());
                    }
                    if (!c.isDead() && c.continueToReport && (options & WCONTINUED) != 0) {
                        c.continueToReport = keep;
                        return new Reaped(c.pid(), Reaped.Change.CONTINUED, null, 0, c.credentials().uid(),
                                c.userNanos(), c.cpuNanos());
                    }
                }
                if ((options & WNOHANG) != 0) {
                    return null;
                }
                Interruption.await(lock, 0);
            }
        }
    }

    /** __WCLONE waits only for children whose exit signal is not SIGCHLD; __WALL for all. */
    private static boolean waitsOn(Process child, int options) {
        if ((options & WALL) != 0) {
            return true;
        }
        boolean cloneChild = child.exitSignal() != Signals.SIGCHLD;
        return ((options & WCLONE) != 0) == cloneChild;
    }

    /** Every process that has not ended, except the kernel's init. */
    public List<Process> living() {
        List<Process> out = new ArrayList<>();
        for (Process p : kernel.processes()) {
            if (p.pid() != Kernel.INIT_PID && !p.isDead()) {
                out.add(p);
            }
        }
        return out;
    }
}
