package dev.zlx.kernel;

import dev.zlx.abi.Arch;
import dev.zlx.abi.KernelSigaction;
import dev.zlx.kernel.mm.Mm;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A thread group: what Linux calls a process. It owns the memory, descriptors, file system
 * context, credentials, limits and signal dispositions its threads share. Mutable fields that
 * exec replaces are guarded by the process monitor.
 */
public final class Process {

    private final Kernel kernel;
    private final int pid;
    /** The parent's pid; changes when the parent dies (reparenting). Guarded by the tree lock. */
    private volatile int ppid;
    /** The signal sent to the parent at exit (SIGCHLD for fork; clone's choice otherwise). */
    private final int exitSignal;
    /** Living and zombie children. Guarded by the kernel's process tree lock. */
    final List<Process> children = new java.util.ArrayList<>();
    /** CPU time its ended tasks used, in user mode and in all (see {@link #cpuTime} for the live ones). */
    private volatile long userNanos;
    private volatile long cpuNanos;
    /** Set once every task has left and the resources are released: a zombie until reaped. */
    private volatile boolean dead;
    private volatile FdTable fds;
    private volatile FsContext fs;
    private volatile MountNamespace mountNamespace;
    private volatile Uts uts;
    private final Rlimits rlimits;
    private volatile SignalHandlers handlers = new SignalHandlers();
    private final List<Task> tasks = new CopyOnWriteArrayList<>();
    /** The thread-group leader once it has exited: Linux keeps it as a zombie task until the reap. */
    private volatile Task exitedLeader;
    private volatile Credentials credentials;
    /** Process group and session ids; a new process leads both until setpgid/setsid exist. */
    private volatile int pgid;
    private volatile int sid;
    /** The controlling terminal (signal->tty): inherited at fork, none after setsid. */
    private volatile dev.zlx.vfs.tty.Tty controllingTty;
    private Mm mm;
    private Arch arch;
    private Image image;
    private String comm;
    private volatile ExitStatus exitStatus;
    /** Job control: stopped by a stop signal, and what the parent has yet to be told. Guarded by the tree lock. */
    volatile boolean stopped;
    int stopSignal;
    boolean stopToReport;
    boolean continueToReport;
    /** Where the tasks of a stopped process wait for SIGCONT. */
    final Object stopMonitor = new Object();
    /** PR_SET_CHILD_SUBREAPER: orphaned descendants are reparented here rather than to init. */
    private volatile boolean childSubreaper;
    /** PR_SET_PDEATHSIG: the signal this process gets when its parent dies (0: none). */
    private volatile int parentDeathSignal;
    /** MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED was done. */
    private volatile boolean membarrierRegistered;
    /** ITIMER_REAL and alarm(2); kept across execve, as Linux keeps it. */
    private final RealTimer realTimer = new RealTimer(this);
    /** ITIMER_VIRTUAL and ITIMER_PROF; kept across execve too. */
    private final CpuItimers cpuItimers = new CpuItimers(this);
    /** RLIMIT_CPU's signals. */
    private final CpuLimit cpuLimit = new CpuLimit(this);
    final PosixTimers posixTimers = new PosixTimers(this); // timer_create(2); see PosixTimers.of
    /** The signals sent to the process as a whole (Linux's shared_pending). */
    private final SigQueue sharedPending = new SigQueue();
    /** Woken when a signal becomes pending for the process or any of its threads (signalfd_wqh). */
    private final dev.zlx.vfs.WaitQueue signalfdWaitQueue = new dev.zlx.vfs.WaitQueue();
    /** Where the sigreturn trampoline is mapped (aarch64 handlers without SA_RESTORER), or 0. */
    private volatile long sigreturnTrampoline;
    /** When the process was created, in the kernel's monotonic nanoseconds (stat's starttime). */
    private final long startNanos;
    /** /proc/PID/oom_score_adj (-1000..1000); inherited at fork, kept across execve. */
    private volatile int oomScoreAdj;
    /**
     * The thread-group leader's persona (personality(2), per task on Linux like comm; other
     * threads keep theirs in {@link Task}): inherited at fork, kept across execve but for the
     * bits execve clears.
     */
    private volatile int personality;
    /** The mm's dumpable flag (SUID_DUMP_USER or not): PR_SET_DUMPABLE, and cleared by identity changes. */
    private volatile boolean dumpable = true;
    /** I/O counters of the ended threads and reaped children (signal_struct's ioac). */
    private final IoAccounting endedIo = new IoAccounting();

    /**
     * What the current program image is: for /proc/PID/exe, cmdline, environ, stat's addresses
     * and auxv (the saved auxiliary vector, type and value pairs ending with AT_NULL). startCode
     * to endData are mm's start_code, end_code, start_data and end_data as load_elf_binary sets
     * them from the program's PT_LOAD headers.
     */
    public record Image(String exePath, List<String> argv, List<String> envp, long argStart, long argEnd,
            long envStart, long envEnd, long startStack, long[] auxv, long startCode, long endCode, long startData,
            long endData) {
        public Image(String exePath, List<String> argv, List<String> envp, long argStart, long argEnd,
                long envStart, long envEnd) {
            this(exePath, argv, envp, argStart, argEnd, envStart, envEnd, 0, new long[2], 0, 0, 0, 0);
        }
    }

    SigQueue sharedPending() {
        return sharedPending;
    }

    /** Queues a signal sent to the process (any thread may take it), and tells its signalfds. */
    void enqueueShared(dev.zlx.abi.Siginfo info) {
        if (sharedPending.enqueue(info)) {
            signalfdWaitQueue.wake(dev.zlx.abi.Poll.POLLIN);
        }
    }

    /** The queue signalfds of this process wait on: woken whenever a signal becomes pending. */
    public dev.zlx.vfs.WaitQueue signalfdWaitQueue() {
        return signalfdWaitQueue;
    }

    Process(Kernel kernel, int pid, int ppid, int exitSignal, FdTable fds, FsContext fs, Rlimits rlimits,
            Credentials credentials) {
        this.kernel = kernel;
        this.pid = pid;
        this.ppid = ppid;
        this.exitSignal = exitSignal;
        this.fds = fds;
        this.fs = fs;
        this.mountNamespace = kernel.initialMountNamespace();
        this.uts = kernel.uts();
        this.rlimits = rlimits;
        this.credentials = credentials;
        this.pgid = pid;
        this.sid = pid;
        this.startNanos = kernel.monotonicNanos();
    }

    public int personality() {
        return personality;
    }

    public void setPersonality(int persona) {
        this.personality = persona;
    }

    public boolean dumpable() {
        return dumpable;
    }

    public void setDumpable(boolean value) {
        this.dumpable = value;
    }

    /** The process's I/O counters: its ended threads', its reaped children's and its live threads'. */
    public IoAccounting io() {
        IoAccounting sum = new IoAccounting();
        synchronized (this) {
            endedIo.addTo(sum);
            for (Task t : tasks) {
                t.io().addTo(sum);
            }
        }
        return sum;
    }

    /** wait_task_zombie: a reaped child's counters, its own and its reaped children's, become the parent's. */
    void addReapedIo(Process child) {
        child.io().addTo(endedIo);
    }

    public int oomScoreAdj() {
        return oomScoreAdj;
    }

    public void setOomScoreAdj(int value) {
        this.oomScoreAdj = value;
    }

    /** The signals pending for the process as a whole (status's ShdPnd). */
    public long sharedPendingSignals() {
        return sharedPending.pending();
    }

    public long startNanos() {
        return startNanos;
    }

    public Kernel kernel() {
        return kernel;
    }

    public int pid() {
        return pid;
    }

    public int ppid() {
        return ppid;
    }

    void setPpid(int ppid) {
        this.ppid = ppid;
    }

    public int exitSignal() {
        return exitSignal;
    }

    /** Whether the process has ended and released its resources (a zombie until reaped). */
    public boolean isDead() {
        return dead;
    }

    /** Adds a finished task's CPU time. */
    synchronized void addCpuTime(long user, long total) {
        userNanos += user;
        cpuNanos += total;
    }

    public long userNanos() {
        return userNanos;
    }

    public long cpuNanos() {
        return cpuNanos;
    }

    void markDead() {
        this.dead = true;
    }

    /** Moves the process to process group pgid of its session (setpgid(2); checks are the caller's). */
    public void setProcessGroup(int pgid) {
        this.pgid = pgid;
    }

    /** Makes the process the leader of a new session and process group (setsid(2)). */
    public void startSession() {
        this.sid = pid;
        this.pgid = pid;
        this.controllingTty = null;
    }

    /** The controlling terminal, or null. */
    public dev.zlx.vfs.tty.Tty controllingTty() {
        return controllingTty;
    }

    /** Sets or (null) clears the controlling terminal; the terminal keeps its own side. */
    public void setControllingTty(dev.zlx.vfs.tty.Tty tty) {
        this.controllingTty = tty;
    }

    void setGroup(int pgid, int sid) {
        this.pgid = pgid;
        this.sid = sid;
    }

    /** Whether a stop signal stopped the process (job control). */
    public boolean isStopped() {
        return stopped;
    }

    public boolean childSubreaper() {
        return childSubreaper;
    }

    public void setChildSubreaper(boolean value) {
        this.childSubreaper = value;
    }

    public int parentDeathSignal() {
        return parentDeathSignal;
    }

    public void setParentDeathSignal(int sig) {
        this.parentDeathSignal = sig;
    }

    public boolean membarrierRegistered() {
        return membarrierRegistered;
    }

    public void registerMembarrier() {
        this.membarrierRegistered = true;
    }

    public RealTimer realTimer() {
        return realTimer;
    }

    public CpuItimers cpuItimers() {
        return cpuItimers;
    }

    public CpuLimit cpuLimit() {
        return cpuLimit;
    }

    public long sigreturnTrampoline() {
        return sigreturnTrampoline;
    }

    void setSigreturnTrampoline(long addr) {
        this.sigreturnTrampoline = addr;
    }

    public int pgid() {
        return pgid;
    }

    public int sid() {
        return sid;
    }

    public FdTable fds() {
        return fds;
    }

    /**
     * execve's unshare_files: a table shared with another process (CLONE_FILES) is replaced
     * by a copy of it, so the new program's close-on-exec closes only its own descriptors.
     */
    public void unshareFds() {
        FdTable current = fds;
        if (current.shared()) {
            fds = current.copy();
            current.release();
        }
    }

    public FsContext fs() {
        return fs;
    }

    /** unshare(CLONE_FS): a context shared with another process (CLONE_FS) is replaced by a copy. */
    public void unshareFs() {
        fs = fs.copy();
    }

    /** The UTS namespace (host and domain name) the process lives in. */
    public Uts uts() {
        return uts;
    }

    /**
     * Moves the process to a copy of its UTS namespace (clone or unshare with CLONE_NEWUTS),
     * owned by the user namespace of its credentials.
     */
    public void newUtsNamespace() {
        uts = uts.copy(credentials.userNs());
    }

    /** The mount namespace the process lives in. */
    public MountNamespace mountNamespace() {
        return mountNamespace;
    }

    /**
     * Moves the process to a copy of its mount namespace (clone or unshare with CLONE_NEWNS),
     * owned by the user namespace of its credentials.
     */
    public void newMountNamespace() {
        mountNamespace = mountNamespace.copy(fs, credentials.userNs());
    }

    /** The path walker of the process's mount namespace. */
    public dev.zlx.vfs.PathWalker walker() {
        return mountNamespace.walker();
    }

    public Rlimits rlimits() {
        return rlimits;
    }

    public Credentials credentials() {
        return credentials;
    }

    /**
     * may_lookup for this process's current credentials: EACCES for a directory it may not
     * search; nothing to check for fsuid 0 in the initial user namespace (CAP_DAC_READ_SEARCH).
     */
    public dev.zlx.vfs.SearchPermission searchPermission() {
        Credentials c = credentials;
        if (Privilege.globalFs(c)) {
            return dev.zlx.vfs.SearchPermission.ANY;
        }
        return directory -> {
            if (!Permissions.may(c, directory, Permissions.MAY_EXEC)) {
                throw dev.zlx.abi.Errno.EACCES.exception();
            }
        };
    }

    /**
     * commit_creds: a change of the effective or file-system user or group, or capabilities
     * beyond the old ones, makes the process not dumpable (suid_dumpable's default, 0), so its
     * /proc files become root's.
     */
    public void setCredentials(Credentials c) {
        Credentials old = this.credentials;
        this.credentials = c;
        if (old != null && (old.euid() != c.euid() || old.egid() != c.egid() || old.fsuid() != c.fsuid()
                || old.fsgid() != c.fsgid() || !capsSubset(old, c))) {
            dumpable = false;
        }
    }

    /**
     * cred_cap_issubset: in one namespace, whether the new permitted set is within the old;
     * across namespaces, whether the new one descends from a namespace the old euid created
     * directly under the old one (unshare(CLONE_NEWUSER) keeps the process dumpable).
     */
    private static boolean capsSubset(Credentials old, Credentials c) {
        if (old.userNs() == c.userNs()) {
            return !c.capPermitted() || old.capPermitted();
        }
        for (UserNamespace ns = c.userNs(); ns != null && ns != UserNamespace.INITIAL; ns = ns.parent()) {
            if (ns.parent() == old.userNs() && ns.owner() == old.euid()) {
                return true;
            }
        }
        return false;
    }

    public synchronized Mm mm() {
        return mm;
    }

    public synchronized Arch arch() {
        return arch;
    }

    public synchronized Image image() {
        return image;
    }

    /** The thread-group leader's name (/proc/PID/comm); each other thread has its own ({@link Task#comm}). */
    public synchronized String comm() {
        return comm;
    }

    public synchronized void setComm(String name) {
        this.comm = name.length() > 15 ? name.substring(0, 15) : name;
    }

    /**
     * A forked child's copy of what it inherits: image, memory, dispositions (shared with
     * CLONE_SIGHAND, else copied), group and session.
     */
    synchronized void inheritFrom(Process parent, Mm childMm, boolean shareHandlers) {
        synchronized (parent) {
            this.mm = childMm;
            this.arch = parent.arch;
            this.image = parent.image;
            this.sigreturnTrampoline = parent.sigreturnTrampoline;
            this.comm = parent.comm;
            this.oomScoreAdj = parent.oomScoreAdj;
            this.dumpable = parent.dumpable;
            this.handlers = shareHandlers ? parent.handlers.share() : parent.handlers.copy();
            this.mountNamespace = parent.mountNamespace;
            this.uts = parent.uts;
        }
        setGroup(parent.pgid(), parent.sid());
        this.controllingTty = parent.controllingTty;
    }

    /** Installs a new program image (execve); returns the memory it replaces, for closing. */
    synchronized Mm replaceImage(Mm newMm, Arch newArch, Image newImage) {
        Mm old = this.mm;
        this.mm = newMm;
        this.arch = newArch;
        this.image = newImage;
        String exe = newImage.exePath();
        setComm(exe.substring(exe.lastIndexOf('/') + 1));
        return old;
    }

    /** The disposition of signal sig (1…64). */
    public KernelSigaction action(int sig) {
        return handlers.get(sig);
    }

    public void setAction(int sig, KernelSigaction action) {
        handlers.set(sig, action);
    }

    /** execve: handled signals back to the default, ignored ones stay ignored; a shared table is left. */
    synchronized void resetHandlersForExec() {
        handlers = handlers.forExec();
    }

    /** The process is gone: it no longer uses its (possibly shared) dispositions. */
    void releaseHandlers() {
        handlers.release();
    }

    public List<Task> tasks() {
        return tasks;
    }

    /**
     * The tasks that Linux's task list still holds: the live ones and, once it has exited while
     * the process is not reaped, the leader (getpriority and setpriority reach a zombie).
     */
    public List<Task> tasksWithExitedLeader() {
        Task leader = exitedLeader;
        if (leader == null || tasks.contains(leader)) {
            return tasks;
        }
        List<Task> all = new java.util.ArrayList<>(tasks);
        all.add(leader);
        return all;
    }

    void addTask(Task t) {
        tasks.add(t);
    }

    /**
     * Ends the whole thread group (exit_group(2), a fatal signal): records the status and stops
     * every task; the caller's own task (if any) leaves its run loop when its syscall returns.
     */
    public void exitGroup(ExitStatus status, Task caller) {
        setExitStatus(status);
        for (Task t : tasks) {
            if (t == caller) {
                t.leaveRunLoop();
            } else {
                t.kick();
            }
        }
    }

    /**
     * Removes an ended task and adds its CPU time, in one step so that {@link #cpuTime} counts
     * the task exactly once and never goes back; returns how many tasks remain.
     */
    synchronized int retireTask(Task t) {
        CpuTime time = CpuTime.of(t);
        addCpuTime(time.userNanos(), time.totalNanos());
        t.io().addTo(endedIo);
        tasks.remove(t);
        if (t.tid() == pid) {
            exitedLeader = t;
        }
        return tasks.size();
    }

    /** The CPU time of the ended tasks and the live ones (user time only when withUser). */
    synchronized CpuTime cpuTime(boolean withUser) {
        CpuTime sum = new CpuTime(withUser ? userNanos : 0, cpuNanos);
        for (Task t : tasks) {
            sum = sum.plus(CpuTime.of(t, withUser));
        }
        return sum;
    }

    public ExitStatus exitStatus() {
        return exitStatus;
    }

    /** Records how the process ended; the first status wins (exit_group races a fatal signal). */
    public synchronized void setExitStatus(ExitStatus status) {
        if (exitStatus == null) {
            exitStatus = status;
        }
    }
}
