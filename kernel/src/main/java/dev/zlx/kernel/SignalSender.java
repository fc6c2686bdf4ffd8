package dev.zlx.kernel;

import dev.zlx.abi.Errno;
import dev.zlx.abi.KernelSigaction;
import dev.zlx.abi.SignalDefault;
import dev.zlx.abi.Signals;

/**
 * Sending signals (kill, tgkill, SIGPIPE, fatal faults) as far as the kernel delivers them
 * today: ignored signals are discarded, default actions that terminate are carried out (and
 * held pending while blocked, then carried out when unblocked). Running a guest handler, and
 * stopping and continuing, come with the signals work: such a sending is refused as {@link
 * Outcome#UNSUPPORTED} so that the caller can say so, instead of pretending to deliver.
 */
public final class SignalSender {
    /** What became of a signal. */
    public enum Outcome {
        /** Taken: discarded, carried out, or left pending. */
        DONE,
        /** It needs a guest handler or job control, which zlx cannot deliver yet. */
        UNSUPPORTED
    }

    private SignalSender() {
    }

    /** Checks that sig is 0 or a signal number (EINVAL otherwise). */
    public static void checkSignal(int sig) {
        if (sig < 0 || sig > Signals.SIGRTMAX) {
            throw Errno.EINVAL.exception();
        }
    }

    /** Sends sig to process target on behalf of sender (whose task may be the target's). */
    public static Outcome send(Process target, int sig, Task sender) {
        if (sig == 0 || target.exitStatus() != null || target.tasks().isEmpty()) {
            // The kernel's init has no guest program: like Linux's init it ignores the signal.
            return Outcome.DONE;
        }
        KernelSigaction action = target.action(sig);
        SignalDefault def = SignalDefault.of(sig);
        boolean unstoppable = sig == Signals.SIGKILL || sig == Signals.SIGSTOP;
        if (!unstoppable && action.handler() == 1) {
            return Outcome.DONE; // SIG_IGN
        }
        if (!unstoppable && action.handler() > 1) {
            return Outcome.UNSUPPORTED;
        }
        switch (def) {
            case IGN -> {
                return Outcome.DONE;
            }
            case STOP, CONT -> {
                return Outcome.UNSUPPORTED;
            }
            default -> {
                Task victim = target.tasks().isEmpty() ? null : target.tasks().get(0);
                if (!unstoppable && victim != null && (victim.signalMask() & Signals.maskBit(sig)) != 0) {
                    victim.addPending(sig);
                    return Outcome.DONE;
                }
                terminate(target, sig, sender);
                return Outcome.DONE;
            }
        }
    }

    /** Carries out a pending signal that the task's mask no longer blocks. */
    public static void deliverUnblocked(Task task) {
        long deliverable = task.pending() & ~task.signalMask();
        for (int sig = 1; deliverable != 0 && sig <= Signals.SIGRTMAX; sig++) {
            if ((deliverable & Signals.maskBit(sig)) != 0) {
                task.clearPending(sig);
                deliverable &= ~Signals.maskBit(sig);
                send(task.process(), sig, task);
            }
        }
    }

    private static void terminate(Process target, int sig, Task sender) {
        // RLIMIT_CORE is 0 in zlx, so no core is ever dumped and the core flag stays clear.
        target.exitGroup(ExitStatus.killed(sig, false), sender);
    }
}
