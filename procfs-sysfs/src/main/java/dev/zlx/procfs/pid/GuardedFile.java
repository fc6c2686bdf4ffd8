package dev.zlx.procfs.pid;

import dev.zlx.abi.Errno;
import dev.zlx.kernel.Process;
import dev.zlx.kernel.PtraceAccess;
import dev.zlx.kernel.Task;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.synthetic.GeneratedFile;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;
import java.util.function.Supplier;

/**
 * A /proc/PID file that shows another process's memory (maps, smaps, environ, auxv, fdinfo):
 * Linux opens it through mm_access or ptrace_may_access, so a caller that may not look into the
 * process gets EACCES from open(2) whatever the mode bits allow.
 */
final class GuardedFile extends GeneratedFile {
    private final Process p;

    GuardedFile(SyntheticFileSystem fs, Process p, int mode, Supplier<byte[]> text) {
        super(fs, mode, text);
        this.p = p;
    }

    @Override
    public OpenFile open(int flags) {
        require(p, Errno.EACCES);
        return super.open(flags);
    }

    /** Throws errno unless the calling task may look into p (the check every guarded entry shares). */
    static void require(Process p, Errno errno) {
        if (!PtraceAccess.allowed(Task.current(), p)) {
            throw errno.exception();
        }
    }

    /** Text whose generation (at the first read) refuses such a caller with errno, as lock_trace does. */
    static Supplier<byte[]> checkedAtRead(Process p, Errno errno, Supplier<byte[]> text) {
        return () -> {
            require(p, errno);
            return text.get();
        };
    }
}
