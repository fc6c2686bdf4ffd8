package dev.zlx.procfs.system;

import static dev.zlx.procfs.ProcEntry.file;

import dev.zlx.procfs.ProcEntry;
import java.util.List;

/** The system-wide files at the top of /proc (fs/proc/*.c); adding one is a line here. */
public final class SystemFiles {
    private SystemFiles() {
    }

    public static final List<ProcEntry> TABLE = List.of(
            file("cpuinfo", CpuInfo::text),
            file("meminfo", MemInfo::text),
            file("stat", Stat::text),
            file("uptime", Uptime::text),
            file("loadavg", LoadAvg::text),
            file("version", k -> "Linux version " + k.config().release() + " (zlx@zlx) (zlx) " + k.config().version()
                    + "\n"),
            file("vmstat", VmStat::text),
            file("filesystems", Filesystems::text),
            // The kernel's boot command line: zlx boots no kernel image, so it is empty.
            file("cmdline", k -> "\n"));
}
