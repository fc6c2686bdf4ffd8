package dev.zlx.kernel;

import dev.zlx.cpu.ExecutionContext;

/**
 * A guest thread: its CPU, its signal mask and the per-thread addresses Linux keeps
 * (clear_child_tid, robust list, rseq). Owned by the host thread that runs it.
 */
public final class Task {
    private static final ThreadLocal<Task> CURRENT = new ThreadLocal<>();

    private volatile int tid;
    private final Process process;
    private ExecutionContext cpu;
    /** Scratch for the syscall number and its six arguments; no allocation per syscall. */
    private final long[] syscallRegisters = new long[7];
    private long signalMask;
    /** The signals sent to this thread (the process's shared ones are in {@link Process#sharedPending}). */
    private final SigQueue pending = new SigQueue();
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
    private AltStack altStack = AltStack.NONE;
    private volatile boolean leaveRunLoop;
    /** A syscall read at the trap, to be handled by the run loop outside the CPU's run. */
    private boolean deferredSyscall;
    /** How to end this task's kernel waits early; set by the thread that runs it. */
    private volatile dev.zlx.vfs.Interruption interruption;
    /** Released when a vfork child execs or exits, to resume its parent. */
    private volatile java.util.concurrent.CountDownLatch vforkRelease;
    private PendingExec pendingExec;
    /** The host thread that runs this task, and its CPU times when the task began there (see CpuTime). */
    private volatile Thread hostThread;
    private volatile CpuTime hostBase = CpuTime.ZERO;
    /** Its robust list and PI futexes were released at exit (futex_state FUTEX_STATE_DEAD). */
    private volatile boolean futexesReleased;
    /** Its nice value, -20..19: per thread as on Linux; clone and fork copy it, execve keeps it. */
    private volatile int nice;
    /** A thread's own name (comm is per task on Linux); the leader's is its process's. */
    private volatile String comm;
    /** A thread's own persona (personality(2) is per task); the leader's is its process's. */
    private volatile int personality;
    /** The audit login uid (/proc/PID/loginuid), -1 (4294967295) until set; inherited by threads and forks. */
    private volatile int loginuid = -1;
    /** rchar, wchar, syscr and syscw of this task (/proc/PID/task/TID/io). */
    private final IoAccounting io = new IoAccounting();

    /**
     * Linux's restart_block: how an interrupted call goes on when a job-control stop (not a
     * handler) interrupted it. The dispatcher then restarts the task with restart_syscall, which
     * runs this instead of the original call (a relative sleep keeps its original deadline).
     */
    @FunctionalInterface
    public interface RestartBlock {
        long resume(Task task);
    }

    private RestartBlock restartBlock;

    public void setRestartBlock(RestartBlock block) {
        this.restartBlock = block;
    }

    public boolean hasRestartBlock() {
        return restartBlock != null;
    }

    /** The restart block, which is consumed (restart_syscall, or any other end of the call). */
    public RestartBlock takeRestartBlock() {
        RestartBlock b = restartBlock;
        restartBlock = null;
        return b;
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

    /** The calling host thread runs this task from now on: its CPU time counts from here. */
    void bindHostThread() {
        hostBase = CpuTime.currentHostThread();
        hostThread = Thread.currentThread();
    }

    /** The host thread running this task, or null before it started. */
    Thread hostThread() {
        return hostThread;
    }

    CpuTime hostBase() {
        return hostBase;
    }

    public int tid() {
        return tid;
    }

    /**
     * execve by a thread other than the leader (de_thread): once the other threads are gone the
     * caller takes the process id as its thread id, as on Linux.
     */
    public void takeProcessId() {
        tid = process.pid();
    }

    public Process process() {
        return process;
    }

    /** The task's name: the process's for the thread-group leader, its own for another thread. */
    public String comm() {
        String own = comm;
        return tid == process.pid() || own == null ? process.comm() : own;
    }

    /** PR_SET_NAME and /proc/PID/task/TID/comm: renames this task only (at most 15 bytes kept). */
    public void setComm(String name) {
        if (tid == process.pid()) {
            process.setComm(name);
        } else {
            comm = name.length() > 15 ? name.substring(0, 15) : name;
        }
    }

    /** The task's persona: the process's for the thread-group leader, its own for another thread. */
    public int personality() {
        return tid == process.pid() ? process.personality() : personality;
    }

    /** personality(2): sets this task's persona only. */
    public void setPersonality(int persona) {
        if (tid == process.pid()) {
            process.setPersonality(persona);
        } else {
            personality = persona;
        }
    }

    public int loginuid() {
        return loginuid;
    }

    public void setLoginuid(int uid) {
        this.loginuid = uid;
    }

    public IoAccounting io() {
        return io;
    }

    public int nice() {
        return nice;
    }

    public void setNice(int nice) {
        this.nice = nice;
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

    /** The pending signals by bit, this thread's and the process's (what sigpending(2) reports). */
    public long pending() {
        return pending.pending() | process.sharedPending().pending();
    }

    /** Queues a signal sent to this thread, and tells the signalfds of its process. */
    void enqueue(dev.zlx.abi.Siginfo info) {
        if (pending.enqueue(info)) {
            process.signalfdWaitQueue().wake(dev.zlx.abi.Poll.POLLIN);
        }
    }

    /**
     * Takes the lowest-numbered pending signal the mask does not block, or null: first from
     * this thread's signals, then from the process's (dequeue_signal).
     */
    public dev.zlx.abi.Siginfo dequeue(long blocked) {
        dev.zlx.abi.Siginfo info = pending.dequeue(blocked);
        return info != null ? info : process.sharedPending().dequeue(blocked);
    }

    /** Whether a pending signal is not blocked by the current mask. */
    public boolean hasDeliverable() {
        return (pending() & ~signalMask) != 0;
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

    /** Whether the task is asleep in a kernel wait (state S in /proc), not running guest code. */
    public boolean sleeping() {
        dev.zlx.vfs.Interruption i = interruption;
        return i != null && i.waiting();
    }

    void setInterruption(dev.zlx.vfs.Interruption i) {
        this.interruption = i;
    }

    /**
     * Makes the task look at its state now: ends its kernel wait, if it is in one (the wait
     * ends with EINTR and the task sees why), and stops its guest code at the next block (the
     * run returns STOPPED at the exact next instruction; see the cpu backend). Used for
     * signals, stops and exits.
     */
    public void kick() {
        ExecutionContext c = cpu;
        if (c != null) {
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
        kick();
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
