package dev.zlx.vfs;

import dev.zlx.abi.Fcntl;

/**
 * Who gets the signals of signal-driven I/O on an open file (Linux's f_owner_struct): a thread,
 * a process or a process group (F_SETOWN, F_SETOWN_EX), with the credentials of whoever set it
 * (sigio_perm checks them against each target), and the signal (F_SETSIG; 0 means SIGIO).
 *
 * @param type F_OWNER_TID, F_OWNER_PID or F_OWNER_PGRP
 * @param id the thread, process or group id; 0 for nobody
 */
public record FileOwner(int type, int id, int uid, int euid, int signal) {
    /** Nobody, and SIGIO: what a new open file has. */
    public static final FileOwner NONE = new FileOwner(Fcntl.F_OWNER_PID, 0, 0, 0, 0);

    /** The same owner with another signal (F_SETSIG). */
    public FileOwner withSignal(int sig) {
        return new FileOwner(type, id, uid, euid, sig);
    }
}
