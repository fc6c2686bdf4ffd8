package dev.zlx.kernel;

import dev.zlx.abi.Fcntl;
import dev.zlx.abi.Siginfo;
import dev.zlx.abi.Signals;
import dev.zlx.vfs.FileOwner;
import dev.zlx.vfs.OpenFile;

/**
 * Signal-driven I/O (fs/fcntl.c): the signal an open file's owner gets when the file tells its
 * fasync list that something happened — SIGIO without details when no F_SETSIG signal was
 * chosen, else that signal with si_code POLL_IN… and si_fd, si_band.
 */
public final class Sigio {
    private Sigio() {
    }

    /** send_sigio: file's owner hears reason about descriptor fd. */
    public static void send(Kernel kernel, OpenFile file, int fd, int reason) {
        FileOwner owner = file.owner();
        if (owner.id() == 0) {
            return;
        }
        switch (owner.type()) {
            case Fcntl.F_OWNER_TID -> {
                Task task = kernel.task(owner.id());
                if (task != null) {
                    deliver(task.process(), task, owner, fd, reason);
                }
            }
            case Fcntl.F_OWNER_PGRP -> {
                for (Process p : kernel.processes()) {
                    if (p.pgid() == owner.id() && !p.isDead() && p.pid() != Kernel.INIT_PID) {
                        deliver(p, null, owner, fd, reason);
                    }
                }
            }
            default -> {
                Process p = kernel.process(owner.id());
                if (p != null && !p.isDead()) {
                    deliver(p, null, owner, fd, reason);
                }
            }
        }
    }

    private static void deliver(Process target, Task thread, FileOwner owner, int fd, int reason) {
        if (!permitted(owner, target.credentials())) {
            return;
        }
        int sig = owner.signal();
        Siginfo info = sig == 0 ? Siginfo.kill(Signals.SIGIO, Siginfo.SI_KERNEL, 0, 0) : Siginfo.poll(sig, reason, fd);
        SignalSender.send(target, thread, info, null);
    }

    /** sigio_perm: whoever set the owner could have signalled the target. */
    private static boolean permitted(FileOwner owner, Credentials target) {
        return owner.euid() == 0 || owner.euid() == target.suid() || owner.euid() == target.uid()
                || owner.uid() == target.suid() || owner.uid() == target.uid();
    }
}
