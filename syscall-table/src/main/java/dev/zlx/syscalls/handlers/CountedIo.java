package dev.zlx.syscalls.handlers;

import dev.zlx.abi.Errno;
import dev.zlx.abi.LinuxException;
import dev.zlx.kernel.IoAccounting;
import dev.zlx.kernel.Task;
import java.util.function.LongSupplier;

/**
 * The I/O accounting of /proc/PID/io around the read and write families, where
 * fs/read_write.c does it: the bytes a call moved (rchar, wchar) and the call itself (syscr,
 * syscw). read, write, pread64, pwrite64, sendfile and copy_file_range count once they reach
 * the file (a bad descriptor, an unseekable one for a positioned call or an invalid argument
 * is refused before: not counted); the vectored calls (do_readv and its kin) count whatever
 * happens. splice, tee and vmsplice count nothing, as on Linux.
 */
final class CountedIo {
    private CountedIo() {
    }

    static long read(Task t, LongSupplier call) {
        return counted(t.io(), false, true, false, call);
    }

    static long write(Task t, LongSupplier call) {
        return counted(t.io(), false, false, true, call);
    }

    static long readv(Task t, LongSupplier call) {
        return counted(t.io(), true, true, false, call);
    }

    static long writev(Task t, LongSupplier call) {
        return counted(t.io(), true, false, true, call);
    }

    /** sendfile and copy_file_range: a read and a write of the same bytes. */
    static long transfer(Task t, LongSupplier call) {
        return counted(t.io(), false, true, true, call);
    }

    private static long counted(IoAccounting io, boolean always, boolean read, boolean write, LongSupplier call) {
        long n;
        try {
            n = call.getAsLong();
        } catch (RuntimeException e) {
            if (always || !refusedBeforeTheFile(e)) {
                count(io, read, write, 0);
            }
            throw e;
        }
        count(io, read, write, n);
        return n;
    }

    private static boolean refusedBeforeTheFile(RuntimeException e) {
        return e instanceof LinuxException le
                && (le.errno() == Errno.EBADF || le.errno() == Errno.ESPIPE || le.errno() == Errno.EINVAL);
    }

    private static void count(IoAccounting io, boolean read, boolean write, long n) {
        if (read) {
            io.read(n);
        }
        if (write) {
            io.wrote(n);
        }
    }
}
