package dev.zlx.vfs.tty;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Signals;

/**
 * A terminal's place in job control (drivers/tty/tty_jobctrl.c): the session it controls and
 * that session's foreground process group, the rules that make a background group's reads
 * and writes stop it (SIGTTIN, SIGTTOU), and acquiring and giving up the terminal. Guarded by
 * its own monitor; signals are sent after it is released.
 */
final class ControllingTerminal {
    private final Tty tty;
    /** The session this terminal controls, 0 for none. */
    private int session;
    /** The foreground process group, 0 for none. */
    private int pgrp;
    /** The kernel of the session (set when a session takes the terminal). */
    private Sessions sessions;

    ControllingTerminal(Tty tty) {
        this.tty = tty;
    }

    synchronized int session() {
        return session;
    }

    synchronized int foregroundGroup() {
        return pgrp;
    }

    /** Signals the foreground process group (ISIG, SIGWINCH), if there is one. */
    void signalForeground(int sig) {
        Sessions s;
        int group;
        synchronized (this) {
            s = sessions;
            group = pgrp;
        }
        if (s != null && group > 0) {
            s.signalGroup(group, sig);
        }
    }

    /**
     * __tty_check_change: a process of a background group of the session using its terminal
     * is stopped by sig (its group gets it and the call is restarted once continued), unless it
     * ignores or blocks sig (reads then fail with EIO, writes proceed) or its group is orphaned
     * (EIO). Callers without job control (zlx's threads) and other terminals pass.
     */
    void checkAccess(int sig) {
        JobControl caller = JobControl.current();
        if (caller == null || caller.controllingTty() != tty) {
            return;
        }
        synchronized (this) {
            if (pgrp == 0 || pgrp == caller.pgid()) {
                return;
            }
        }
        if (caller.ignoresOrBlocks(sig)) {
            if (sig == Signals.SIGTTIN) {
                throw Errno.EIO.exception();
            }
            return;
        }
        if (caller.orphanedGroup()) {
            throw Errno.EIO.exception();
        }
        caller.sessions().signalGroup(caller.pgid(), sig);
        // -ERESTARTSYS: restarted when the stop ends, EINTR for a handler without SA_RESTART.
        throw Errno.EINTR.exception();
    }

    /** tty_open_proc_set_tty: a session leader without a terminal opening one without O_NOCTTY takes it. */
    void acquireOnOpen(JobControl caller) {
        if (caller == null || !caller.sessionLeader() || caller.controllingTty() != null) {
            return;
        }
        synchronized (this) {
            if (session != 0) {
                return;
            }
            take(caller);
        }
    }

    private void take(JobControl caller) {
        session = caller.sid();
        pgrp = caller.pgid();
        sessions = caller.sessions();
        caller.setControllingTty(tty);
    }

    /** TIOCSCTTY (tiocsctty): steal = arg 1, honoured for CAP_SYS_ADMIN. */
    void setControlling(boolean readable, boolean steal) {
        JobControl caller = requireCaller();
        int stolenFrom;
        synchronized (this) {
            if (caller.sessionLeader() && session == caller.sid()) {
                return;
            }
            if (!caller.sessionLeader() || caller.controllingTty() != null) {
                throw Errno.EPERM.exception();
            }
            stolenFrom = session;
            if (session != 0 && !(steal && caller.sysAdmin())) {
                throw Errno.EPERM.exception();
            }
            if (!readable && !caller.sysAdmin()) {
                throw Errno.EPERM.exception();
            }
            take(caller);
        }
        if (stolenFrom != 0) {
            caller.sessions().clearControllingTty(stolenFrom, tty);
        }
    }

    /** TIOCNOTTY: the caller gives up its terminal; a session leader's session loses it. */
    void giveUp() {
        JobControl caller = requireCaller();
        if (caller.controllingTty() != tty) {
            throw Errno.ENOTTY.exception();
        }
        if (caller.sessionLeader()) {
            disassociate(caller.sid(), false);
        }
        caller.setControllingTty(null);
    }

    /**
     * disassociate_ctty: the session leader gave up its terminal (or exited, onExit): the
     * foreground group gets SIGHUP (and SIGCONT unless onExit), and the session loses it.
     */
    void disassociate(int sid, boolean onExit) {
        Sessions s;
        int group;
        synchronized (this) {
            if (session != sid) {
                return;
            }
            s = sessions;
            group = pgrp;
            session = 0;
            pgrp = 0;
        }
        if (group > 0) {
            s.signalGroup(group, Signals.SIGHUP);
            if (!onExit) {
                s.signalGroup(group, Signals.SIGCONT);
            }
        }
        s.clearControllingTty(sid, tty);
    }

    /** tty_signal_session_leader at hangup: SIGHUP and SIGCONT to the leader, the session loses the terminal. */
    void hangup() {
        Sessions s;
        int sid;
        synchronized (this) {
            s = sessions;
            sid = session;
            session = 0;
            pgrp = 0;
        }
        if (sid != 0) {
            s.clearControllingTty(sid, tty);
            s.signalSessionLeader(sid, Signals.SIGHUP);
            s.signalSessionLeader(sid, Signals.SIGCONT);
        }
    }

    /** TIOCGPGRP (tiocgpgrp): ENOTTY on a slave that is not the caller's terminal. */
    int getForeground(boolean fromMaster) {
        requireOwnUnlessMaster(fromMaster);
        return foregroundGroup();
    }

    /** TIOCGSID (tiocgsid): ENOTTY as for TIOCGPGRP, and when no session has the terminal. */
    int getSession(boolean fromMaster) {
        requireOwnUnlessMaster(fromMaster);
        int s = session();
        if (s == 0) {
            throw Errno.ENOTTY.exception();
        }
        return s;
    }

    private void requireOwnUnlessMaster(boolean fromMaster) {
        JobControl caller = JobControl.current();
        if (!fromMaster && (caller == null || caller.controllingTty() != tty)) {
            throw Errno.ENOTTY.exception();
        }
    }

    /** TIOCSPGRP (tiocspgrp): the caller's own terminal, a group of its session. */
    void setForeground(int group) {
        try {
            checkAccess(Signals.SIGTTOU);
        } catch (dev.zlx.abi.LinuxException e) {
            throw e.errno() == Errno.EIO ? Errno.ENOTTY.exception() : e;
        }
        if (group < 0) {
            throw Errno.EINVAL.exception();
        }
        JobControl caller = requireCaller();
        synchronized (this) {
            if (caller.controllingTty() != tty || session != caller.sid()) {
                throw Errno.ENOTTY.exception();
            }
        }
        int groupSession = caller.sessions().sessionOfGroup(group);
        if (groupSession < 0) {
            throw Errno.ESRCH.exception();
        }
        if (groupSession != caller.sid()) {
            throw Errno.EPERM.exception();
        }
        synchronized (this) {
            pgrp = group;
        }
    }

    private static JobControl requireCaller() {
        JobControl caller = JobControl.current();
        if (caller == null) {
            // zlx's own threads have no session: nothing to control.
            throw Errno.ENOTTY.exception();
        }
        return caller;
    }

    /** The kernel's `-t` wiring: session sid (its leader pgid) gets the terminal at start. */
    void assign(int sid, int group, Sessions s) {
        synchronized (this) {
            session = sid;
            pgrp = group;
            sessions = s;
        }
    }
}
