package dev.zlx.kernel;

import dev.zlx.cpu.CpuBackend;
import dev.zlx.vfs.MountTable;
import dev.zlx.vfs.PathWalker;
import dev.zlx.vfs.Resolved;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One virtual Linux kernel: its settings, the CPU backend, the mount table, the process
 * table and the clocks. The orchestrator builds one per guest run (or container) and wires
 * the syscall dispatcher into it.
 */
public final class Kernel {
    private final KernelConfig config;
    private final CpuBackend cpuBackend;
    private final MountNamespace initialMountNamespace;
    private final SecureRandom entropy = new SecureRandom();
    private final Futexes futexes = new Futexes();
    private final dev.zlx.vfs.lock.FileLocks fileLocks = new dev.zlx.vfs.lock.FileLocks();
    private final ProcessTree tree = new ProcessTree(this);
    private final TerminalSessions sessions = new TerminalSessions(this);
    private final Map<Integer, Process> processes = new ConcurrentHashMap<>();
    /** Pid 1 is the kernel's own init (no guest program): it reaps orphans and ignores signals. */
    public static final int INIT_PID = 1;
    /** pid_max's default here: PID_MAX_LIMIT, which systemd sets (the kernel's own is 32768 or more). */
    public static final int PID_MAX = 4_194_304;
    /** RESERVED_PIDS: pid allocation wraps around to this, not to 1. */
    public static final int RESERVED_PIDS = 300;

    /** The last pid handed out (the pid idr's cursor minus one); guarded by this. */
    private int lastPid = INIT_PID;
    /** Processes and threads created since boot (total_forks, /proc/stat's processes). */
    private final java.util.concurrent.atomic.AtomicLong forks = new java.util.concurrent.atomic.AtomicLong();
    /** Times a task went to sleep in a wait (/proc/stat's ctxt). */
    private final java.util.concurrent.atomic.LongAdder contextSwitches = new java.util.concurrent.atomic.LongAdder();
    private final long bootNanos = System.nanoTime();
    private final long bootEpochMillis = System.currentTimeMillis();
    private volatile SyscallDispatcher dispatcher;
    private volatile TaskRunner.FaultListener faultListener = (task, reason, signal) -> { };
    /** The internal tmpfs of memfd_create (Linux's shm_mnt); null until the composition root sets it. */
    private volatile dev.zlx.vfs.Mount shm;
    private final Uts uts;
    private final Tunables tunables;
    private final OpenFiles openFiles = new OpenFiles();
    private final LoadAverage load;
    /** CPU time of the reaped processes, so that the system-wide times (/proc/stat) never go back. */
    private CpuTime reapedCpu = CpuTime.ZERO;
    private final java.util.UUID bootId = java.util.UUID.randomUUID();

    public Kernel(KernelConfig config, CpuBackend cpuBackend, MountTable mounts) {
        this.config = config;
        this.cpuBackend = cpuBackend;
        this.initialMountNamespace = new MountNamespace(mounts);
        this.uts = new Uts(config.hostname());
        this.tunables = new Tunables(config.memoryBytes());
        this.load = LoadAverage.sampled(this, this::runningTasks);
    }

    /** The load averages (sysinfo, /proc/loadavg). */
    public LoadAverage load() {
        return load;
    }

    /** The UTS names (host and domain name) of the initial, and for now only, UTS namespace. */
    public Uts uts() {
        return uts;
    }

    /** The boot id: random, fixed for this kernel (/proc/sys/kernel/random/boot_id). */
    public java.util.UUID bootId() {
        return bootId;
    }

    /** The writable limits /proc/sys sets. */
    public Tunables tunables() {
        return tunables;
    }

    /** The open file descriptions fs.file-max limits. */
    public OpenFiles openFiles() {
        return openFiles;
    }

    /** The last pid handed out (loadavg's last field). */
    public synchronized int lastPid() {
        return lastPid;
    }

    /** Processes and threads created since boot (/proc/stat's processes). */
    public long forks() {
        return forks.get();
    }

    /** Counts a new process or thread. */
    void countFork() {
        forks.incrementAndGet();
    }

    /** Times a task went to sleep in a wait since boot: its CPU went to another (/proc/stat's ctxt). */
    public long contextSwitches() {
        return contextSwitches.sum();
    }

    /** The counter each task's waits add to (see {@link dev.zlx.vfs.Interruption#countWaitsIn}). */
    java.util.concurrent.atomic.LongAdder contextSwitchCounter() {
        return contextSwitches;
    }

    /** Bytes of guest memory in use: what every live address space maps (sysinfo, meminfo). */
    public long usedMemoryBytes() {
        long used = 0;
        for (Process p : processes.values()) {
            if (p.mm() != null) {
                used += p.mm().totalMapped();
            }
        }
        return used;
    }

    /** CPU time used since boot by every process, live or reaped (/proc/stat's cpu line). */
    public synchronized CpuTime cpuTimeSinceBoot() {
        CpuTime sum = reapedCpu;
        for (Process p : processes.values()) {
            sum = sum.plus(CpuTime.of(p));
        }
        return sum;
    }

    /** The tasks, an unreaped process's exited leader included (nr_threads: sysinfo's procs, loadavg's total). */
    public int taskCount() {
        int n = 0;
        for (Process p : processes.values()) {
            n += p.tasksWithExitedLeader().size();
        }
        return n;
    }

    /** copy_process's checks of the system: EAGAIN when threads-max tasks exist (for root too). */
    void checkThreadsMax() {
        if (taskCount() >= tunables.threadsMax()) {
            throw dev.zlx.abi.Errno.EAGAIN.exception();
        }
    }

    /** Tasks running now: those whose host thread runs rather than waits (procs_running). */
    public int runningTasks() {
        int n = 0;
        for (Process p : processes.values()) {
            for (Task t : p.tasks()) {
                Thread h = t.hostThread();
                if (h != null && h.getState() == Thread.State.RUNNABLE) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Creates the kernel's init process, the parent of the first guest process. */
    private void createKernelInit(Resolved root) {
        FdTable initFds = new FdTable();
        initFds.useLocks(fileLocks);
        Process init = new Process(this, INIT_PID, 0, 0, initFds, new FsContext(root, root), new Rlimits(),
                Credentials.of(0, 0, new int[0]));
        init.setComm("zlx-init");
        processes.put(INIT_PID, init);
    }

    public KernelConfig config() {
        return config;
    }

    public CpuBackend cpuBackend() {
        return cpuBackend;
    }

    private final FileSystemTypes fileSystemTypes = new FileSystemTypes();

    /** The file system types mount(2) knows. */
    public FileSystemTypes fileSystemTypes() {
        return fileSystemTypes;
    }

    /** The mount namespace of init and, unless they make their own, of every process. */
    public MountNamespace initialMountNamespace() {
        return initialMountNamespace;
    }

    /** The initial namespace's mounts (for the composition root, before any process runs). */
    public MountTable mounts() {
        return initialMountNamespace.mounts();
    }

    /** The initial namespace's path walker (for the composition root). */
    public PathWalker walker() {
        return initialMountNamespace.walker();
    }

    public ProcessTree tree() {
        return tree;
    }

    /** Process groups and sessions as terminals see them. */
    public TerminalSessions sessions() {
        return sessions;
    }

    /**
     * A new pid (alloc_pid's idr_alloc_cyclic): the first free one after the last, below pid_max,
     * wrapping around to RESERVED_PIDS; EAGAIN when every one is in use.
     */
    synchronized int allocatePid() {
        int max = tunables.pidMax();
        int min = lastPid + 1 > RESERVED_PIDS ? RESERVED_PIDS : 1;
        int from = Math.max(min, lastPid + 1);
        int pid = firstFree(from, max);
        if (pid < 0 && from > min) {
            pid = firstFree(min, max);
        }
        if (pid < 0) {
            throw dev.zlx.abi.Errno.EAGAIN.exception();
        }
        lastPid = pid;
        return pid;
    }

    private int firstFree(int from, int max) {
        if (from >= max) {
            return -1;
        }
        java.util.Set<Integer> used = pidsInUse();
        for (int pid = from; pid < max; pid++) {
            if (!used.contains(pid)) {
                return pid;
            }
        }
        return -1;
    }

    /** Pids taken: by a process (zombies too), a thread, or as a group or session id. */
    private java.util.Set<Integer> pidsInUse() {
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (Process p : processes.values()) {
            used.add(p.pid());
            used.add(p.pgid());
            used.add(p.sid());
            for (Task t : p.tasks()) {
                used.add(t.tid());
            }
        }
        return used;
    }

    /** Enters a new process into the table. */
    void register(Process p) {
        processes.put(p.pid(), p);
    }

    /** The advisory file locks (flock, fcntl record and OFD locks) of every process. */
    public dev.zlx.vfs.lock.FileLocks fileLocks() {
        return fileLocks;
    }

    public Futexes futexes() {
        return futexes;
    }

    public SecureRandom entropy() {
        return entropy;
    }

    /** The internal tmpfs mount memfds live on (shm_mnt); ENOMEM when none was given. */
    public dev.zlx.vfs.Mount shm() {
        dev.zlx.vfs.Mount m = shm;
        if (m == null) {
            throw dev.zlx.abi.Errno.ENOMEM.exception();
        }
        return m;
    }

    /** Sets the internal tmpfs of memfd_create, mounted nowhere in the tree. */
    public void setShm(dev.zlx.vfs.FileSystem fs) {
        this.shm = new dev.zlx.vfs.Mount("/", fs, 0, fs.type());
    }

    public SyscallDispatcher dispatcher() {
        return dispatcher;
    }

    public void setDispatcher(SyscallDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    public TaskRunner.FaultListener faultListener() {
        return faultListener;
    }

    /** Who hears of fatal CPU faults (the front end, to explain them). */
    public void setFaultListener(TaskRunner.FaultListener listener) {
        this.faultListener = listener;
    }

    /**
     * Ends every process still running (when the first process of a `zlx run` has ended, as
     * when a container's main process ends): they are killed as by SIGKILL.
     */
    public void killAll() {
        for (Process p : tree().living()) {
            SignalSender.send(p, dev.zlx.abi.Signals.SIGKILL, null);
        }
    }

    /** Nanoseconds since this kernel booted (CLOCK_MONOTONIC and CLOCK_BOOTTIME). */
    public long monotonicNanos() {
        return System.nanoTime() - bootNanos;
    }

    /** Wall-clock time in nanoseconds since the epoch (CLOCK_REALTIME). */
    public long realtimeNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** The boot time as seconds since the epoch (btime). */
    public long bootEpochSeconds() {
        return bootEpochMillis / 1000;
    }

    /** The process with this pid, or null. */
    public Process process(int pid) {
        return processes.get(pid);
    }

    /** The live task with this thread id, or null (find_task_by_vpid). */
    public Task task(int tid) {
        for (Process p : processes.values()) {
            for (Task t : p.tasks()) {
                if (t.tid() == tid) {
                    return t;
                }
            }
        }
        return null;
    }

    /** The live processes. */
    public java.util.Collection<Process> processes() {
        return processes.values();
    }

    /**
     * Creates the first guest process, a child of the kernel's init, with the given descriptors,
     * working directory and identity, and its one task, which has no program yet (see {@link Exec}).
     */
    public Task createFirstProcess(FdTable fds, Resolved cwd) {
        Resolved root = walker().rootOfTree();
        if (!processes.containsKey(INIT_PID)) {
            createKernelInit(root);
        }
        int pid = allocatePid();
        countFork();
        fds.useLocks(fileLocks);
        Process p = new Process(this, pid, INIT_PID, dev.zlx.abi.Signals.SIGCHLD, fds, new FsContext(root, cwd),
                new Rlimits(),
                Credentials.of(config.uid(), config.gid(), config.groups()));
        processes.put(pid, p);
        tree.adopt(process(INIT_PID), p);
        Task t = new Task(pid, p);
        p.addTask(t);
        return t;
    }

    /** Removes an ended process from the table (after its parent reaped it, or at the end). */
    public void reap(Process p) {
        synchronized (this) {
            reapedCpu = reapedCpu.plus(CpuTime.of(p));
            processes.remove(p.pid());
        }
    }
}
