package dev.zlx.kernel;

import dev.zlx.cpu.ExecutionContext;

/**
 * A guest thread: its CPU, its signal mask and the per-thread addresses Linux keeps
 * (clear_child_tid, robust list, rseq). Owned by the host thread that runs it.
 */
public final class Task {
    private static final ThreadLocal<Task> CURRENT = new ThreadLocal<>();

    private final int tid;
    private final Process process;
    private ExecutionContext cpu;
    /** Scratch for the syscall number and its six arguments; no allocation per syscall. */
    private final long[] syscallRegisters = new long[7];
    private long signalMask;
    /** Pending signals by bit (sigpending) and their siginfo, in arrival order. Guarded by this. */
    private long pending;
    private final java.util.List<dev.zlx.abi.Siginfo> queue = new java.util.ArrayList<>();
    /** The signals rt_sigtimedwait is waiting for (their arrival wakes it even while blocked). */
    private volatile long awaitedSignals;
    /** The mask to restore after a signal taken during rt_sigsuspend, or null. */
    private Long suspendedMask;

    private long clearChildTid;
    private long robustListHead;
    private long robustListLength;
    private long rseqArea;
    private int rseqLength;
    private int rseqSignature;
    private AltStack altStack = new AltStack(0, 0, 2);
    private volatile boolean leaveRunLoop;
    /** A syscall read at the trap, to be handled by the run loop outside the CPU's run. */
    private boolean deferredSyscall;
    /** How to end this task's kernel waits early; set by the thread that runs it. */
    private volatile dev.zlx.vfs.Interruption interruption;
    /** Released when a vfork child execs or exits, to resume its parent. */
    private volatile java.util.concurrent.CountDownLatch vforkRelease;
    private PendingExec pendingExec;
    /** Its robust list and PI futexes were released at exit (futex_state FUTEX_STATE_DEAD). */
    private volatile boolean futexesReleased;

    /** The alternate signal stack (sigaltstack(2)): SS_DISABLE (2) in flags when there is none. */
    public record AltStack(long sp, long size, int flags) {
    }

    /** A prepared program image that replaces the current one when the run loop regains control. */
    public interface PendingExec {
        /** Installs the image into the task's process and returns the new CPU context. */
        ExecutionContext commit(Task task);
    }

    Task(int tid, Process process) {
        this.tid = tid;
        this.process = process;
    }

    /** The task the calling host thread runs, or null outside a guest (what /proc/self names). */
    public static Task current() {
        return CURRENT.get();
    }

    static void setCurrent(Task t) {
        CURRENT.set(t);
    }

    public int tid() {
        return tid;
    }

    public Process process() {
        return process;
    }

    public ExecutionContext cpu() {
        return cpu;
    }

    void setCpu(ExecutionContext cpu) {
        this.cpu = cpu;
    }

    public long[] syscallRegisters() {
        return syscallRegisters;
    }

    public long awaitedSignals() {
        return awaitedSignals;
    }

    public void setAwaitedSignals(long set) {
        this.awaitedSignals = set;
    }

    /** Takes the lowest-numbered pending signal of set, whether blocked or not, or null (sigwait). */
    public dev.zlx.abi.Siginfo dequeueFrom(long set) {
        return dequeue(~set);
    }

    /** Remembers the mask rt_sigsuspend replaced; the next signal frame saves this one. */
    public void setSuspendedMask(Long mask) {
        this.suspendedMask = mask;
    }

    Long takeSuspendedMask() {
        Long m = suspendedMask;
        suspendedMask = null;
        return m;
    }

    public long signalMask() {
        return signalMask;
    }

    public void setSignalMask(long mask) {
        this.signalMask = mask;
    }

    void setVforkRelease(java.util.concurrent.CountDownLatch latch) {
        this.vforkRelease = latch;
    }

    /** Resumes a vfork parent, once: at exec or exit of this (child) task. */
    void releaseVforkParent() {
        java.util.concurrent.CountDownLatch latch = vforkRelease;
        vforkRelease = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    public AltStack altStack() {
        return altStack;
    }

    public void setAltStack(AltStack stack) {
        this.altStack = stack;
    }

    public synchronized long pending() {
        return pending;
    }

    /** Queues a signal: a standard signal already pending is not queued twice, real-time ones are. */
    synchronized void enqueue(dev.zlx.abi.Siginfo info) {
        int sig = info.signo();
        boolean realtime = sig >= dev.zlx.abi.Signals.SIGRTMIN;
        if (!realtime && (pending & dev.zlx.abi.Signals.maskBit(sig)) != 0) {
            return;
        }
        queue.add(info);
        pending |= dev.zlx.abi.Signals.maskBit(sig);
    }

    /** Takes the lowest-numbered pending signal the mask does not block, or null. */
    public synchronized dev.zlx.abi.Siginfo dequeue(long blocked) {
        long deliverable = pending & ~blocked;
        if (deliverable == 0) {
            return null;
        }
        int sig = Long.numberOfTrailingZeros(deliverable) + 1;
        dev.zlx.abi.Siginfo taken = null;
        boolean more = false;
        for (var it = queue.iterator(); it.hasNext(); ) {
            dev.zlx.abi.Siginfo i = it.next();
            if (i.signo() == sig) {
                if (taken == null) {
                    taken = i;
                    it.remove();
                } else {
                    more = true;
                }
            }
        }
        if (!more) {
            pending &= ~dev.zlx.abi.Signals.maskBit(sig);
        }
        return taken;
    }

    /** Whether a pending signal is not blocked by the current mask. */
    public synchronized boolean hasDeliverable() {
        return (pending & ~signalMask) != 0;
    }



    public long clearChildTid() {
        return clearChildTid;
    }

    public void setClearChildTid(long addr) {
        this.clearChildTid = addr;
    }

    public void setRobustList(long head, long length) {
        this.robustListHead = head;
        this.robustListLength = length;
    }

    public long robustListHead() {
        return robustListHead;
    }

    public long robustListLength() {
        return robustListLength;
    }

    public long rseqArea() {
        return rseqArea;
    }

    public int rseqLength() {
        return rseqLength;
    }

    public int rseqSignature() {
        return rseqSignature;
    }

    public void setRseq(long area, int length, int signature) {
        this.rseqArea = area;
        this.rseqLength = length;
        this.rseqSignature = signature;
    }

    boolean futexesReleased() {
        return futexesReleased;
    }

    void markFutexesReleased() {
        this.futexesReleased = true;
    }

    public void deferSyscall() {
        this.deferredSyscall = true;
    }

    boolean takeDeferredSyscall() {
        boolean d = deferredSyscall;
        deferredSyscall = false;
        return d;
    }

    void setInterruption(dev.zlx.vfs.Interruption i) {
        this.interruption = i;
    }

    /**
     * Ends the task's kernel wait, if it is in one (the wait ends with EINTR and the task sees
     * why); with stopCpu also stops its guest code. Unicorn 2.0.1 may repeat the last memory
     * write of a run stopped from another thread, so the CPU is stopped only when the task is
     * to end anyway; a signal to a task running guest code is taken at its next syscall.
     */
    public void kick(boolean stopCpu) {
        ExecutionContext c = cpu;
        if (stopCpu && c != null) {
            c.interrupt();
        }
        dev.zlx.vfs.Interruption i = interruption;
        if (i != null) {
            i.request();
        }
    }

    /** Ends this thread from another one (execve's de_thread): it leaves at once, the process goes on. */
    public void endFromOutside() {
        leaveRunLoop = true;
        kick(true);
    }

    /** Asks the run loop to stop running this task (it exited). */
    public void leaveRunLoop() {
        this.leaveRunLoop = true;
    }

    /** Whether the task asked to leave its run loop (it exited). */
    public boolean leavingRunLoop() {
        return leaveRunLoop;
    }

    /** Hands a prepared execve image to the run loop, which commits it once the CPU stopped. */
    public void setPendingExec(PendingExec exec) {
        this.pendingExec = exec;
    }

    /** Whether an execve is waiting for the run loop. */
    public boolean hasPendingExec() {
        return pendingExec != null;
    }

    PendingExec takePendingExec() {
        PendingExec p = pendingExec;
        pendingExec = null;
        return p;
    }
}
