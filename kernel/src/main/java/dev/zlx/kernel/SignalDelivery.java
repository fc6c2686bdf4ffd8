package dev.zlx.kernel;

import dev.zlx.abi.Arch;
import dev.zlx.abi.KernelSigaction;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.SignalDefault;
import dev.zlx.abi.Siginfo;
import dev.zlx.abi.Signals;
import dev.zlx.abi.StackT;
import dev.zlx.cpu.GuestMemoryFault;

/**
 * Taking a pending signal on the way back to guest code (Linux's get_signal/handle_signal): the
 * default action or SIG_IGN, or a signal frame on the stack (or the alternate stack) and the CPU
 * set to enter the handler, with the mask the action asks for. rt_sigreturn undoes the frame.
 */
public final class SignalDelivery {
    private static final long SA_ONSTACK = Signals.SA_ONSTACK & 0xffffffffL;
    private static final long SA_NODEFER = Signals.SA_NODEFER & 0xffffffffL;
    private static final long SA_RESETHAND = Signals.SA_RESETHAND & 0xffffffffL;
    private static final long SA_RESTART = Signals.SA_RESTART & 0xffffffffL;
    private static final long UNBLOCKABLE = Signals.maskBit(Signals.SIGKILL) | Signals.maskBit(Signals.SIGSTOP);

    private SignalDelivery() {
    }

    /** The frame layout of an architecture. */
    interface Frame {
        /** Builds the frame for info and points the CPU at the handler; oldMask goes into the frame. */
        void setup(Task t, Siginfo info, KernelSigaction action, long oldMask, long sp);

        /** Restores the CPU and mask from the frame at the stack pointer; returns the result register. */
        long restore(Task t);
    }

    static Frame frameFor(Arch arch) {
        return arch == Arch.AARCH64 ? Aarch64SignalFrame.INSTANCE : X86SignalFrame.INSTANCE;
    }

    /**
     * Whether a syscall that failed with EINTR because of a pending signal is restarted: its
     * handler asked for SA_RESTART and the call is not one that Linux never restarts.
     */
    public static boolean restarts(Task t, boolean restartable) {
        if (!restartable) {
            return false;
        }
        long deliverable = t.pending() & ~t.signalMask();
        if (deliverable == 0) {
            return false;
        }
        int sig = Long.numberOfTrailingZeros(deliverable) + 1;
        KernelSigaction a = t.process().action(sig);
        return a.handler() > 1 && (a.flags() & SA_RESTART) != 0;
    }

    /**
     * Delivers the pending signals the mask lets through: default actions are carried out (a
     * fatal one ends the process), one handler frame is set up. Returns true when the CPU state
     * was changed (a frame was pushed).
     */
    public static boolean deliver(Task t) {
        Long suspended = t.takeSuspendedMask();
        boolean pushed = deliverOne(t, suspended);
        if (!pushed && suspended != null) {
            // rt_sigsuspend's temporary mask ends when the call does, handler or not.
            t.setSignalMask(suspended);
        }
        return pushed;
    }

    private static boolean deliverOne(Task t, Long suspendedMask) {
        Process p = t.process();
        while (p.exitStatus() == null) {
            Siginfo info = t.dequeue(t.signalMask());
            if (info == null) {
                return false;
            }
            int sig = info.signo();
            KernelSigaction action = p.action(sig);
            if (action.handler() == 1) {
                continue;
            }
            if (action.handler() == 0) {
                SignalDefault def = SignalDefault.of(sig);
                if (def == SignalDefault.TERM || def == SignalDefault.CORE) {
                    SignalSender.terminate(p, sig, t);
                    return false;
                }
                if (def == SignalDefault.STOP) {
                    // A stop signal that was blocked when sent stops the process when delivered.
                    p.kernel().tree().stop(p, sig);
                    return false;
                }
                continue; // IGN, and CONT, whose work was done when it was sent
            }
            // After rt_sigsuspend the frame keeps the mask from before the call.
            long oldMask = suspendedMask != null ? suspendedMask : t.signalMask();
            long sp = t.cpu().sp();
            AltStack alt = t.altStack();
            if ((action.flags() & SA_ONSTACK) != 0) {
                sp = alt.frameTop(sp);
            }
            try {
                frameFor(t.cpu().arch()).setup(t, info, action, oldMask, sp);
            } catch (GuestMemoryFault e) {
                // No room for the frame: Linux forces SIGSEGV (force_sigsegv).
                SignalSender.terminate(p, Signals.SIGSEGV, t);
                return false;
            }
            if ((alt.flags() & StackT.SS_AUTODISARM) != 0) {
                // The frame's uc_stack keeps the stack; rt_sigreturn arms it again.
                t.setAltStack(AltStack.NONE);
            }
            long mask = t.signalMask() | action.mask();
            if (suspendedMask != null) {
                mask = suspendedMask | action.mask();
            }
            if ((action.flags() & SA_NODEFER) == 0) {
                mask |= Signals.maskBit(sig);
            }
            t.setSignalMask(mask & ~UNBLOCKABLE);
            if ((action.flags() & SA_RESETHAND) != 0) {
                p.setAction(sig, new KernelSigaction(0, 0, 0, 0));
            }
            return true;
        }
        return false;
    }

    /**
     * A CPU fault raised signal sig in task t (force_sig_fault): a handler that neither blocks
     * nor ignores it gets a frame; otherwise the default action ends the process. Returns
     * whether the task goes on.
     */
    public static boolean fault(Task t, Siginfo info) {
        int sig = info.signo();
        KernelSigaction action = t.process().action(sig);
        boolean blocked = (t.signalMask() & Signals.maskBit(sig)) != 0;
        if (action.handler() <= 1 || blocked) {
            SignalSender.terminate(t.process(), sig, t);
            return false;
        }
        t.enqueue(info);
        return deliver(t);
    }

    /** The FP/SIMD state to save in a frame, or null when the backend cannot give it. */
    static byte[] fpState(dev.zlx.cpu.ExecutionContext cpu) {
        try {
            return cpu.readFpState();
        } catch (UnsupportedOperationException noFpAccess) {
            return null;
        }
    }

    /** Restores FP/SIMD state from a frame, where the backend can. */
    static void restoreFpState(dev.zlx.cpu.ExecutionContext cpu, byte[] state) {
        try {
            cpu.writeFpState(state);
        } catch (UnsupportedOperationException noFpAccess) {
            // The backend keeps no FP state apart from the registers: nothing to restore.
        }
    }

    /**
     * rt_sigreturn(2): restores the interrupted state, mask and alternate stack from the frame;
     * returns its result register. A frame that cannot be read or holds impossible values
     * (badframe in the kernel) gets SIGSEGV, forced as signal_fault does.
     */
    public static long sigreturn(Task t) {
        try {
            return frameFor(t.cpu().arch()).restore(t);
        } catch (GuestMemoryFault | LinuxException badFrame) {
            force(t, Siginfo.kill(Signals.SIGSEGV, Siginfo.SI_KERNEL, 0, 0));
            return 0;
        }
    }

    /**
     * force_sig: the signal reaches the task even if it blocks or ignores it (the handler is
     * then reset to the default action and the signal unblocked).
     */
    static void force(Task t, Siginfo info) {
        int sig = info.signo();
        long bit = Signals.maskBit(sig);
        KernelSigaction action = t.process().action(sig);
        boolean blocked = (t.signalMask() & bit) != 0;
        if (blocked || action.handler() == 1) {
            t.process().setAction(sig, new KernelSigaction(0, 0, 0, 0));
            t.setSignalMask(t.signalMask() & ~bit);
        }
        t.enqueue(info);
    }

    /**
     * Part of rt_sigreturn (restore_altstack): the frame's uc_stack becomes the alternate stack
     * again, as sigaltstack would make it; its errors are ignored, as Linux "squashes" them. The
     * stack pointer judged is the handler's at rt_sigreturn, so a frame on the stack cannot
     * change it (EPERM) unless SS_AUTODISARM disarmed it: measured on Linux 6.18 x86-64, where a
     * handler's change to uc_stack.ss_flags is ignored but SS_AUTODISARM stacks are re-armed.
     */
    static void restoreAltStack(Task t, StackT frameStack, long handlerSp) {
        try {
            t.setAltStack(t.altStack().change(frameStack, handlerSp, Signals.minSigStackSize(t.cpu().arch())));
        } catch (LinuxException squashed) {
            // EPERM, EINVAL, ENOMEM: the stack stays as it is.
        }
    }
}
