package dev.zlx.vfs.tty;

/**
 * What a terminal asks of the kernel's process groups and sessions (kill_pgrp, session_of_pgrp,
 * session_clear_tty). Calls come without the terminal's lock held.
 */
public interface Sessions {
    /** Sends sig from the kernel to every process of group pgid (none if there is no such group). */
    void signalGroup(int pgid, int sig);

    /** The session of process group pgid, or -1 if no process is in it. */
    int sessionOfGroup(int pgid);

    /** Sends sig from the kernel to the leader of session sid, if it lives. */
    void signalSessionLeader(int sid, int sig);

    /** Clears the controlling terminal of every process of session sid whose terminal is tty. */
    void clearControllingTty(int sid, Tty tty);
}
