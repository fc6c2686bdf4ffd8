package dev.zlx.kernel;

import dev.zlx.abi.KernelLimits;
import dev.zlx.vfs.pipe.Pipe;

/**
 * The kernel's writable limits, as /proc/sys sets them and the code that applies them reads
 * them: pid_max (pid allocation), threads-max (fork and clone), nr_open (RLIMIT_NOFILE),
 * pipe-max-size (F_SETPIPE_SZ), file-max (new descriptions), max_map_count (mmap, mprotect and munmap splitting),
 * overcommit_memory (mmap and brk) and somaxconn. Linux keeps pid_max per pid namespace and
 * somaxconn per network namespace; zlx has one of each, so all are per kernel. The range checks
 * are the sysctl's (procfs); these only hold the values.
 */
public final class Tunables {
    /** OVERCOMMIT_GUESS, OVERCOMMIT_ALWAYS and OVERCOMMIT_NEVER (vm.overcommit_memory). */
    public static final int OVERCOMMIT_GUESS = 0;
    public static final int OVERCOMMIT_ALWAYS = 1;
    public static final int OVERCOMMIT_NEVER = 2;

    private volatile int pidMax = Kernel.PID_MAX;
    private volatile int threadsMax;
    private volatile int nrOpen = KernelLimits.NR_OPEN;
    private volatile int pipeMaxSize = Pipe.MAX_SIZE_UNPRIVILEGED;
    private volatile long fileMax;
    private volatile int maxMapCount = KernelLimits.MAX_MAP_COUNT;
    private volatile int overcommitMemory = OVERCOMMIT_GUESS;
    private volatile int somaxconn = KernelLimits.SOMAXCONN;

    /** THREAD_SIZE on x86-64 and arm64. */
    private static final long THREAD_SIZE = 16384;

    Tunables(long memoryBytes) {
        // set_max_threads: RAM / (8 * THREAD_SIZE), within MIN_THREADS and MAX_THREADS.
        threadsMax = (int) Math.clamp(memoryBytes / (8 * THREAD_SIZE), KernelLimits.MIN_THREADS,
                KernelLimits.MAX_THREADS);
        // files_maxfiles_init: 10% of RAM in kB, at least NR_FILE.
        fileMax = Math.max(memoryBytes / 1024 / 10, KernelLimits.NR_FILE);
    }

    public long fileMax() {
        return fileMax;
    }

    public void setFileMax(long v) {
        fileMax = v;
    }

    public int pidMax() {
        return pidMax;
    }

    public void setPidMax(int v) {
        pidMax = v;
    }

    public int threadsMax() {
        return threadsMax;
    }

    public void setThreadsMax(int v) {
        threadsMax = v;
    }

    public int nrOpen() {
        return nrOpen;
    }

    public void setNrOpen(int v) {
        nrOpen = v;
    }

    public int pipeMaxSize() {
        return pipeMaxSize;
    }

    public void setPipeMaxSize(int v) {
        pipeMaxSize = v;
    }

    public int maxMapCount() {
        return maxMapCount;
    }

    public void setMaxMapCount(int v) {
        maxMapCount = v;
    }

    public int overcommitMemory() {
        return overcommitMemory;
    }

    public void setOvercommitMemory(int v) {
        overcommitMemory = v;
    }

    public int somaxconn() {
        return somaxconn;
    }

    public void setSomaxconn(int v) {
        somaxconn = v;
    }
}
