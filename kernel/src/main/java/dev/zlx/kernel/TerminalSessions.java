package dev.zlx.kernel;

import dev.zlx.vfs.tty.Sessions;
import dev.zlx.vfs.tty.Tty;

/**
 * The kernel's process groups and sessions as terminals use them (kill_pgrp, session_of_pgrp,
 * session_clear_tty), and the end of a session leader (disassociate_ctty at exit).
 */
public final class TerminalSessions implements Sessions {
    private final Kernel kernel;

    TerminalSessions(Kernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public void signalGroup(int pgid, int sig) {
        for (Process p : kernel.processes()) {
            if (p.pgid() == pgid && !p.isDead() && p.pid() != Kernel.INIT_PID) {
                SignalSender.send(p, sig, null);
            }
        }
    }

    @Override
    public int sessionOfGroup(int pgid) {
        for (Process p : kernel.processes()) {
            if (p.pgid() == pgid && !p.isDead()) {
                return p.sid();
            }
        }
        return -1;
    }

    @Override
    public void signalSessionLeader(int sid, int sig) {
        Process leader = kernel.process(sid);
        if (leader != null && leader.sid() == sid && !leader.isDead()) {
            SignalSender.send(leader, sig, null);
        }
    }

    @Override
    public void clearControllingTty(int sid, Tty tty) {
        for (Process p : kernel.processes()) {
            if (p.sid() == sid && p.controllingTty() == tty) {
                p.setControllingTty(null);
            }
        }
    }

    /**
     * is_current_pgrp_orphaned (will_become_orphaned_pgrp): no member of group pgid has a
     * parent outside the group but in its session (parents that are the kernel's init do not count).
     */
    boolean orphaned(int pgid) {
        for (Process p : kernel.processes()) {
            if (p.pgid() != pgid || p.isDead() || p.ppid() == Kernel.INIT_PID) {
                continue;
            }
            Process parent = kernel.process(p.ppid());
            if (parent != null && parent.pgid() != pgid && parent.sid() == p.sid()) {
                return false;
            }
        }
        return true;
    }

    /** A process ended: a session leader's terminal leaves the session, its foreground group gets SIGHUP. */
    void exited(Process p) {
        Tty tty = p.controllingTty();
        if (tty != null && p.sid() == p.pid()) {
            tty.sessionLeaderExited(p.sid());
        }
        p.setControllingTty(null);
    }
}
