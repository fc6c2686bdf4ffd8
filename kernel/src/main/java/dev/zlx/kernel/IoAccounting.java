package dev.zlx.kernel;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Linux's task_io_accounting (what /proc/PID/io shows): the bytes read and written through
 * read(2), write(2) and their kin (rchar, wchar, whatever the file was) and the number of
 * such calls (syscr, syscw). One per task; a process adds its ended threads' and reaped
 * children's to its own (signal_struct's ioac).
 */
public final class IoAccounting {
    private final AtomicLong rchar = new AtomicLong();
    private final AtomicLong wchar = new AtomicLong();
    private final AtomicLong syscr = new AtomicLong();
    private final AtomicLong syscw = new AtomicLong();

    /** A read call that returned bytes (0 or less: the call counts, no characters). */
    public void read(long bytes) {
        if (bytes > 0) {
            rchar.addAndGet(bytes);
        }
        syscr.incrementAndGet();
    }

    /** A write call that returned bytes (0 or less: the call counts, no characters). */
    public void wrote(long bytes) {
        if (bytes > 0) {
            wchar.addAndGet(bytes);
        }
        syscw.incrementAndGet();
    }

    /** Adds these counters to total (task_io_accounting_add). */
    public void addTo(IoAccounting total) {
        total.rchar.addAndGet(rchar.get());
        total.wchar.addAndGet(wchar.get());
        total.syscr.addAndGet(syscr.get());
        total.syscw.addAndGet(syscw.get());
    }

    public long rchar() {
        return rchar.get();
    }

    public long wchar() {
        return wchar.get();
    }

    public long syscr() {
        return syscr.get();
    }

    public long syscw() {
        return syscw.get();
    }
}
