package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.ARGV;
import static dev.zlx.syscalls.trace.ArgKind.AT_FLAGS;
import static dev.zlx.syscalls.trace.ArgKind.DIRFD;
import static dev.zlx.syscalls.trace.ArgKind.ENVP;
import static dev.zlx.syscalls.trace.ArgKind.HEX;
import static dev.zlx.syscalls.trace.ArgKind.INT;
import static dev.zlx.syscalls.trace.ArgKind.PATH;
import static dev.zlx.syscalls.trace.ArgKind.PTR;
import static dev.zlx.syscalls.trace.ArgKind.SIZE;

import dev.zlx.abi.Arch;
import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.Personality;
import dev.zlx.abi.Prctl;
import dev.zlx.abi.Signals;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.kernel.Exec;
import dev.zlx.kernel.ExecError;
import dev.zlx.kernel.ExitStatus;
import dev.zlx.kernel.Process;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.CompatReport;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.Interruption;
import dev.zlx.vfs.OpenFile;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The life of a process as far as one thread sees it: ids, exit, execve, the per-thread
 * addresses glibc registers at start (set_tid_address, robust list, rseq), and prctl names.
 */
public final class ProcessSyscalls {
    /** struct robust_list_head: three pointers. */
    private static final long ROBUST_LIST_HEAD_SIZE = 24;
    /** The original struct rseq size; larger, extended areas are accepted too. */
    private static final int RSEQ_MIN_SIZE = 32;
    private static final int RSEQ_FLAG_UNREGISTER = 1;
    private static final int TASK_COMM_LEN = 16;

    private final CompatReport report;

    public ProcessSyscalls(CompatReport report) {
        this.report = report;
    }

    public void register(SyscallRegistry r) {
        r.full("exit", (t, a) -> exitThread(t, a.i32(0)), INT);
        r.full("exit_group", (t, a) -> exitGroup(t, a.i32(0)), INT);
        r.full("getpid", (t, a) -> t.process().pid());
        r.full("gettid", (t, a) -> t.tid());
        r.full("getppid", (t, a) -> t.process().ppid());
        r.full("getpgrp", (t, a) -> t.process().pgid());
        r.full("getpgid", (t, a) -> target(t, a.i32(0)).pgid(), INT);
        r.full("getsid", (t, a) -> target(t, a.i32(0)).sid(), INT);
        r.partial("setpgid", "a child that has already exec'd may still be moved (Linux says EACCES)",
                (t, a) -> setpgid(t, a.i32(0), a.i32(1)), INT, INT);
        r.full("setsid", (t, a) -> setsid(t));
        r.full("set_tid_address", (t, a) -> setTidAddress(t, a.ptr(0)), PTR);
        r.full("set_robust_list", (t, a) -> setRobustList(t, a.ptr(0), a.size(1)), PTR, SIZE);
        r.full("get_robust_list", (t, a) -> getRobustList(t, a.i32(0), a.ptr(1), a.ptr(2)), INT, PTR, PTR);
        r.partial("rseq", "registration only: critical sections are never aborted, cpu_id is always 0",
                (t, a) -> rseq(t, a.ptr(0), a.i32(1), a.i32(2), a.i32(3)), PTR, INT, HEX, HEX);
        r.partial("prctl", "PR_SET/GET_NAME, PR_SET/GET_DUMPABLE, PR_GET_NO_NEW_PRIVS, PR_SET/GET_CHILD_SUBREAPER, "
                + "PR_SET/GET_PDEATHSIG; others return EINVAL", (t, a) -> prctl(t, a.i32(0), a.raw(1)), INT, HEX);
        r.full("personality", (t, a) -> personality(t, a.i32(0)), HEX);
        r.full("execve", (t, a) -> execveat(t, Fcntl.AT_FDCWD, a.ptr(0), a.ptr(1), a.ptr(2), 0), PATH, ARGV, ENVP);
        r.full("execveat", (t, a) -> execveat(t, a.fd(0), a.ptr(1), a.ptr(2), a.ptr(3), a.i32(4)), DIRFD, PATH, ARGV, ENVP,
                AT_FLAGS);
    }

    /** The process a pid argument names: 0 for the caller; ESRCH if none. */
    private static Process target(Task t, int pid) {
        Process p = pid == 0 ? t.process() : t.process().kernel().process(pid);
        if (p == null || pid < 0) {
            throw Errno.ESRCH.exception();
        }
        return p;
    }

    static long setpgid(Task t, int pid, int pgid) {
        if (pgid < 0) {
            throw Errno.EINVAL.exception();
        }
        Process self = t.process();
        Process target = pid == 0 ? self : self.kernel().process(pid);
        if (target == null || (target != self && target.ppid() != self.pid())) {
            throw Errno.ESRCH.exception();
        }
        if (target.sid() != self.sid() || target.sid() == target.pid()) {
            throw Errno.EPERM.exception();
        }
        int group = pgid == 0 ? target.pid() : pgid;
        if (group != target.pid()) {
            boolean exists = self.kernel().processes().stream()
                    .anyMatch(p -> p.pgid() == group && p.sid() == self.sid() && !p.isDead());
            if (!exists) {
                throw Errno.EPERM.exception();
            }
        }
        target.setProcessGroup(group);
        return 0;
    }

    static long setsid(Task t) {
        Process self = t.process();
        boolean leader = self.pgid() == self.pid() || self.kernel().processes().stream()
                .anyMatch(p -> p != self && p.pgid() == self.pid() && !p.isDead());
        if (leader) {
            throw Errno.EPERM.exception();
        }
        self.startSession();
        return self.pid();
    }

    /** exit(2): ends the calling thread; the last thread's exit ends the process with code. */
    static long exitThread(Task t, int code) {
        if (t.process().tasks().size() > 1) {
            t.leaveRunLoop();
            return 0;
        }
        return exitGroup(t, code);
    }

    static long exitGroup(Task t, int code) {
        t.process().exitGroup(ExitStatus.exited(code), t);
        return 0;
    }

    static long setTidAddress(Task t, long addr) {
        t.setClearChildTid(addr);
        return t.tid();
    }

    static long setRobustList(Task t, long head, long len) {
        if (len != ROBUST_LIST_HEAD_SIZE) {
            throw Errno.EINVAL.exception();
        }
        t.setRobustList(head, len);
        return 0;
    }

    static long getRobustList(Task t, int pid, long headPtr, long lenPtr) {
        if (pid != 0 && pid != t.tid()) {
            throw Errno.ESRCH.exception();
        }
        AddressSpace mem = t.process().mm().space();
        mem.writeLong(headPtr, t.robustListHead());
        mem.writeLong(lenPtr, t.robustListLength());
        return 0;
    }

    static long rseq(Task t, long area, int len, int flags, int sig) {
        if (flags == RSEQ_FLAG_UNREGISTER) {
            if (t.rseqArea() != area || t.rseqArea() == 0) {
                throw Errno.EINVAL.exception();
            }
            if (t.rseqLength() != len) {
                throw Errno.EINVAL.exception();
            }
            if (t.rseqSignature() != sig) {
                throw Errno.EPERM.exception();
            }
            t.setRseq(0, 0, 0);
            return 0;
        }
        if (flags != 0) {
            throw Errno.EINVAL.exception();
        }
        if (t.rseqArea() != 0) {
            if (t.rseqArea() != area || t.rseqLength() != len) {
                throw Errno.EINVAL.exception();
            }
            if (t.rseqSignature() != sig) {
                throw Errno.EPERM.exception();
            }
            throw Errno.EBUSY.exception();
        }
        if (len < RSEQ_MIN_SIZE || (area & (RSEQ_MIN_SIZE - 1)) != 0) {
            throw Errno.EINVAL.exception();
        }
        AddressSpace mem = t.process().mm().space();
        // cpu_id_start and cpu_id: the task runs on CPU 0 as getcpu reports.
        mem.writeInt(area, 0);
        mem.writeInt(area + 4, 0);
        t.setRseq(area, len, sig);
        return 0;
    }

    /**
     * personality(2) (kernel/exec_domain.c): any persona is stored as given, 0xffffffff only
     * asks; the old one is returned. arm64 refuses PER_LINUX32 with EINVAL when the CPU cannot
     * run AArch32 code, and the emulated one cannot.
     */
    static long personality(Task t, int persona) {
        int old = t.personality();
        if (persona != Personality.QUERY) {
            if (t.process().arch() == Arch.AARCH64 && (persona & Personality.PER_MASK) == Personality.PER_LINUX32) {
                throw Errno.EINVAL.exception();
            }
            t.setPersonality(persona);
        }
        return old & 0xffffffffL;
    }

    long prctl(Task t, int option, long arg2) {
        switch (option) {
            case Prctl.PR_SET_NAME -> {
                byte[] name = UserMemory.readCString(t.process().mm().space(), arg2, TASK_COMM_LEN - 1);
                if (name == null) {
                    name = UserMemory.read(t.process().mm().space(), arg2, TASK_COMM_LEN - 1);
                }
                t.setComm(new String(name, StandardCharsets.UTF_8));
                return 0;
            }
            case Prctl.PR_GET_NAME -> {
                byte[] comm = Arrays.copyOf(t.comm().getBytes(StandardCharsets.UTF_8), TASK_COMM_LEN);
                comm[TASK_COMM_LEN - 1] = 0;
                UserMemory.write(t.process().mm().space(), arg2, comm);
                return 0;
            }
            case Prctl.PR_GET_DUMPABLE -> {
                return t.process().dumpable() ? 1 : 0;
            }
            case Prctl.PR_SET_DUMPABLE -> {
                // SUID_DUMP_DISABLE or SUID_DUMP_USER; not dumpable, /proc/PID's files are root's.
                if (arg2 != 0 && arg2 != 1) {
                    throw Errno.EINVAL.exception();
                }
                t.process().setDumpable(arg2 == 1);
                return 0;
            }
            case Prctl.PR_GET_NO_NEW_PRIVS -> {
                return 0;
            }
            case Prctl.PR_SET_CHILD_SUBREAPER -> {
                t.process().setChildSubreaper(arg2 != 0);
                return 0;
            }
            case Prctl.PR_GET_CHILD_SUBREAPER -> {
                t.process().mm().space().writeInt(arg2, t.process().childSubreaper() ? 1 : 0);
                return 0;
            }
            case Prctl.PR_SET_PDEATHSIG -> {
                if (arg2 < 0 || arg2 > Signals.SIGRTMAX) {
                    throw Errno.EINVAL.exception();
                }
                t.process().setParentDeathSignal((int) arg2);
                return 0;
            }
            case Prctl.PR_GET_PDEATHSIG -> {
                t.process().mm().space().writeInt(arg2, t.process().parentDeathSignal());
                return 0;
            }
            default -> {
                report.missingFeature("prctl", "option " + option);
                throw Errno.EINVAL.exception();
            }
        }
    }

    static long execveat(Task t, int dirfd, long pathAddr, long argvAddr, long envpAddr, int flags) {
        if ((flags & ~(Fcntl.AT_EMPTY_PATH | Fcntl.AT_SYMLINK_NOFOLLOW)) != 0) {
            throw Errno.EINVAL.exception();
        }
        AddressSpace mem = t.process().mm().space();
        String path = PathAt.path(t, pathAddr);
        List<String> argv = UserMemory.readStringArray(mem, argvAddr);
        List<String> envp = UserMemory.readStringArray(mem, envpAddr);
        Task.PendingExec exec;
        try {
            if (path.isEmpty()) {
                if ((flags & Fcntl.AT_EMPTY_PATH) == 0) {
                    throw Errno.ENOENT.exception();
                }
                OpenFile descriptor = t.process().fds().get(dirfd);
                boolean closeOnExec = t.process().fds().closeOnExec(dirfd);
                exec = Exec.prepareDescriptor(t, descriptor, dirfd, closeOnExec, argv, envp);
            } else {
                String target;
                if (path.startsWith("/") || dirfd == Fcntl.AT_FDCWD) {
                    target = path;
                } else {
                    target = PathAt.base(t, dirfd, path).path() + "/" + path;
                }
                if ((flags & Fcntl.AT_SYMLINK_NOFOLLOW) != 0 && PathAt.resolve(t, dirfd, path, false).inode().isSymlink()) {
                    throw Errno.ELOOP.exception();
                }
                exec = Exec.prepare(t, target, argv, envp);
            }
        } catch (ExecError e) {
            throw e.errno().exception();
        }
        endOtherThreads(t);
        t.setPendingExec(exec);
        return 0;
    }

    /**
     * execve's de_thread: the other threads of the process end before the new image starts,
     * and the caller takes the process id as its thread id.
     */
    private static void endOtherThreads(Task t) {
        for (Task other : t.process().tasks()) {
            if (other != t) {
                other.endFromOutside();
            }
        }
        Object monitor = new Object();
        while (t.process().tasks().size() > 1 && t.process().exitStatus() == null) {
            synchronized (monitor) {
                try {
                    Interruption.await(monitor, 5);
                } catch (dev.zlx.abi.LinuxException kicked) {
                    Interruption.current().clear();
                }
            }
        }
        if (t.process().exitStatus() == null) {
            t.takeProcessId();
        }
    }
}
