package dev.zlx.vfs.tty;

/**
 * The calling process as a terminal's job control sees it (Linux's current->signal): its
 * group, session and controlling terminal, and its answers to the SIGTTIN/SIGTTOU rules. The
 * kernel implements it and binds one to each guest task's host thread; zlx's own threads
 * (the `-t` relay) have none, and job control does not apply to them.
 */
public interface JobControl {
    int pid();

    int pgid();

    int sid();

    /** Who opens a new pty: its /dev/pts node's owner (fsuid, and fsgid unless devpts has gid=). */
    dev.zlx.vfs.Owner owner();

    /** Whether the process leads its session (signal->leader). */
    default boolean sessionLeader() {
        return sid() == pid();
    }

    /** The controlling terminal, or null. */
    Tty controllingTty();

    /** Sets (or with null clears) the process's controlling terminal (proc_set_tty, proc_clear_tty). */
    void setControllingTty(Tty tty);

    /** is_ignored: the caller blocks sig or its disposition is SIG_IGN. */
    boolean ignoresOrBlocks(int sig);

    /** is_current_pgrp_orphaned: no member of the group has a parent in another group of the session. */
    boolean orphanedGroup();

    /** CAP_SYS_ADMIN (TIOCSCTTY stealing a terminal). */
    boolean sysAdmin();

    /** The kernel's sessions and process groups. */
    Sessions sessions();

    /** The process of the calling host thread, or null for zlx's own threads. */
    static JobControl current() {
        return Holder.CURRENT.get();
    }

    /** Binds the calling host thread to a guest process's view (done once per task thread). */
    static void bind(JobControl caller) {
        Holder.CURRENT.set(caller);
    }

    /** The thread-local behind {@link #current}. */
    final class Holder {
        private static final ThreadLocal<JobControl> CURRENT = new ThreadLocal<>();

        private Holder() {
        }
    }
}
