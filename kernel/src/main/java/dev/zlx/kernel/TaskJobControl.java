package dev.zlx.kernel;

import dev.zlx.abi.Signals;
import dev.zlx.vfs.Owner;
import dev.zlx.vfs.tty.JobControl;
import dev.zlx.vfs.tty.Sessions;
import dev.zlx.vfs.tty.Tty;

/** A guest task's process as terminals see it (bound to the task's host thread). */
final class TaskJobControl implements JobControl {
    private final Task task;

    TaskJobControl(Task task) {
        this.task = task;
    }

    private Process process() {
        return task.process();
    }

    @Override
    public int pid() {
        return process().pid();
    }

    @Override
    public int pgid() {
        return process().pgid();
    }

    @Override
    public int sid() {
        return process().sid();
    }

    @Override
    public Owner owner() {
        Credentials c = process().credentials();
        return new Owner(c.fsuid(), c.fsgid());
    }

    @Override
    public Tty controllingTty() {
        return process().controllingTty();
    }

    @Override
    public void setControllingTty(Tty tty) {
        process().setControllingTty(tty);
    }

    @Override
    public boolean ignoresOrBlocks(int sig) {
        return (task.signalMask() & Signals.maskBit(sig)) != 0 || process().action(sig).handler() == 1;
    }

    @Override
    public boolean orphanedGroup() {
        return process().kernel().sessions().orphaned(pgid());
    }

    @Override
    public boolean sysAdmin() {
        return Privilege.global(process()); // capable(CAP_SYS_ADMIN)
    }

    @Override
    public Sessions sessions() {
        return process().kernel().sessions();
    }
}
