package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.OPEN_FLAGS;
import static dev.zlx.syscalls.trace.ArgKind.PTR;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.LinuxException;
import dev.zlx.abi.OpenFlags;
import dev.zlx.kernel.Privilege;
import dev.zlx.kernel.Task;
import dev.zlx.syscalls.CompatReport;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.pipe.PipeEnd;

/** pipe(2) and pipe2(2). */
public final class PipeSyscalls {
    private final CompatReport report;

    public PipeSyscalls(CompatReport report) {
        this.report = report;
    }

    public void register(SyscallRegistry r) {
        r.full("pipe", (t, a) -> pipe2(t, a.ptr(0), 0), PTR);
        r.partial("pipe2", "O_DIRECT (packet mode) returns EINVAL", (t, a) -> pipe2(t, a.ptr(0), a.i32(1)),
                PTR, OPEN_FLAGS);
    }

    long pipe2(Task t, long fds, int guestFlags) {
        int flags = OpenFlags.of(t.process().arch()).toCanonical(guestFlags);
        if ((flags & Fcntl.O_DIRECT) != 0) {
            report.missingFeature("pipe2", "O_DIRECT");
        }
        if ((flags & ~(Fcntl.O_CLOEXEC | Fcntl.O_NONBLOCK)) != 0) {
            throw Errno.EINVAL.exception();
        }
        // Check the destination first, so that a bad pointer leaves no descriptors behind.
        t.process().mm().space().writeLong(fds, 0);
        PipeEnd[] ends = PipeEnd.create(flags);
        // alloc_pipe_info: an unprivileged pipe starts at no more than pipe-max-size.
        int max = t.process().kernel().tunables().pipeMaxSize();
        if (max < ends[0].pipe().capacity() && !Privilege.global(t.process())) {
            ends[0].pipe().resize(max);
        }
        boolean cloexec = (flags & Fcntl.O_CLOEXEC) != 0;
        int readFd = OpenSyscalls.install(t, ends[0], cloexec);
        int writeFd;
        try {
            writeFd = OpenSyscalls.install(t, ends[1], cloexec);
        } catch (LinuxException e) {
            t.process().fds().close(readFd);
            throw e;
        }
        t.process().mm().space().writeInt(fds, readFd);
        t.process().mm().space().writeInt(fds + 4, writeFd);
        return 0;
    }
}
