package dev.zlx.kernel;

import dev.zlx.abi.Errno;
import dev.zlx.abi.KernelSigaction;
import dev.zlx.abi.SignalDefault;
import dev.zlx.abi.Siginfo;
import dev.zlx.abi.Signals;

/**
 * Sending signals (kill, tgkill, SIGPIPE, SIGCHLD): ignored signals are discarded; a signal with
 * a handler is queued to the thread it was sent to or, sent to the process, to the process's
 * shared queue, and a thread that does not block it (or waits for it) is kicked so it takes the signal promptly (see {@link SignalDelivery}); a default action
 * that terminates is carried out at once unless the signal is blocked, in which case it waits in
 * the queue. Stop signals stop the process and SIGCONT continues it (job control).
 */
public final class SignalSender {
    private SignalSender() {
    }

    /** Checks that sig is 0 or a signal number (EINVAL otherwise). */
    public static void checkSignal(int sig) {
        if (sig < 0 || sig > Signals.SIGRTMAX) {
            throw Errno.EINVAL.exception();
        }
    }

    /** Sends sig to process target on behalf of sender (null for the kernel), as kill(2) does. */
    public static void send(Process target, int sig, Task sender) {
        int pid = sender == null ? 0 : sender.process().pid();
        // si_uid as the target's user namespace sees the sender (userns_fixup_signal_uid).
        int uid = sender == null ? 0 : target.credentials().userNs().uidOf(sender.process().credentials().uid());
        send(target, null, Siginfo.kill(sig, sender == null ? Siginfo.SI_KERNEL : Siginfo.SI_USER, pid, uid),
                sender);
    }

    /**
     * Sends a signal to process target, or to one of its tasks when thread is given (tgkill,
     * faults); sender is the sending task or null for the kernel.
     */
    public static void send(Process target, Task thread, Siginfo info, Task sender) {
        int sig = info.signo();
        if (sig == 0 || target.exitStatus() != null || target.tasks().isEmpty()) {
            // The kernel's init has no guest program: like Linux's init it ignores the signal.
            return;
        }
        KernelSigaction action = target.action(sig);
        SignalDefault def = SignalDefault.of(sig);
        boolean unstoppable = sig == Signals.SIGKILL || sig == Signals.SIGSTOP;
        // A blocked signal is never ignored (sig_ignored): the handler may change before it is
        // unblocked, and a signalfd or sigwait may take it. Linux asks the task it was sent to.
        Task addressee = thread != null ? thread : target.tasks().get(0);
        boolean ignored = !unstoppable && (action.handler() == 1 || (action.handler() == 0 && def == SignalDefault.IGN));
        if (ignored && (addressee.signalMask() & Signals.maskBit(sig)) == 0) {
            return;
        }
        boolean handled = !unstoppable && action.handler() > 1;
        if (sig == Signals.SIGCONT || sig == Signals.SIGKILL) {
            // SIGCONT continues whatever its disposition; SIGKILL must reach a stopped process.
            target.kernel().tree().resume(target, sig == Signals.SIGCONT);
        }
        if (!handled && def == SignalDefault.STOP) {
            target.kernel().tree().stop(target, sig);
            return;
        }
        if (!handled && def == SignalDefault.CONT) {
            return;
        }
        Task victim = thread != null ? thread : choose(target, sig);
        boolean blocked = !unstoppable && (victim.signalMask() & Signals.maskBit(sig)) != 0;
        if (handled || blocked || ignored) {
            if (thread != null) {
                thread.enqueue(info);
            } else {
                target.enqueueShared(info);
            }
            if (!blocked || (victim.awaitedSignals() & Signals.maskBit(sig)) != 0) {
                victim.kick();
            }
            return;
        }
        terminate(target, sig, sender);
    }

    /** A thread of target that does not block sig or waits for it in sigtimedwait, or the first one. */
    private static Task choose(Process target, int sig) {
        long bit = Signals.maskBit(sig);
        for (Task t : target.tasks()) {
            if ((t.signalMask() & bit) == 0 || (t.awaitedSignals() & bit) != 0) {
                return t;
            }
        }
        return target.tasks().get(0);
    }

    /** Ends the process as the default action of sig does. */
    static void terminate(Process target, int sig, Task sender) {
        // RLIMIT_CORE is 0 in zlx, so no core is ever dumped and the core flag stays clear.
        target.exitGroup(ExitStatus.killed(sig, false), sender);
    }
}
