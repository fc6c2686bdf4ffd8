package dev.zlx.procfs.pid;

import dev.zlx.abi.FileStat;
import dev.zlx.abi.Mman;
import dev.zlx.kernel.Process;
import dev.zlx.kernel.mm.Mm;
import dev.zlx.kernel.mm.Vma;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** /proc/PID/maps and smaps: fs/proc/task_mmu.c's show_map_vma, and smaps' per-area counters. */
public final class MemoryMaps {
    /** Where the name column starts: 25 + 6 * sizeof(void *) - 1 characters, then a space. */
    private static final int NAME_COLUMN = 73;

    private MemoryMaps() {
    }

    private static List<Vma> vmas(Process p) {
        return p.mm() == null || p.isDead() ? List.of() : p.mm().vmas();
    }

    public static byte[] maps(Process p) {
        StringBuilder sb = new StringBuilder();
        for (Vma v : vmas(p)) {
            line(sb, v);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder sb, Vma v) {
        String line = String.format("%08x-%08x %c%c%c%c %08x %02x:%02x %d", v.start(), v.end(),
                (v.prot() & Mman.PROT_READ) != 0 ? 'r' : '-', (v.prot() & Mman.PROT_WRITE) != 0 ? 'w' : '-',
                (v.prot() & Mman.PROT_EXEC) != 0 ? 'x' : '-', v.shared() ? 's' : 'p',
                v.file() == null ? 0 : v.fileOffset(),
                v.file() == null ? 0 : FileStat.major(v.file().dev()),
                v.file() == null ? 0 : FileStat.minor(v.file().dev()),
                v.file() == null ? 0 : v.file().ino());
        // show_map_vma ends the prefix with a space, then pads to the name column when there is a name.
        sb.append(line).append(' ');
        if (v.name() != null) {
            sb.append(" ".repeat(Math.max(0, NAME_COLUMN - line.length() - 1))).append(v.name());
        }
        sb.append('\n');
    }

    /**
     * smaps: each area's maps line and its counters. Residency is the host's (the pages touched,
     * {@link MemoryUse#resident}); zlx does not track dirtiness or sharing per page, so every
     * resident page counts as private and dirty.
     */
    public static byte[] smaps(Process p) {
        StringBuilder sb = new StringBuilder();
        Mm mm = p.mm();
        for (Vma v : vmas(p)) {
            line(sb, v);
            long size = v.length();
            long rss = mm == null ? 0 : MemoryUse.resident(mm, v);
            boolean anon = v.file() == null && !v.shared();
            kb(sb, "Size", size);
            kb(sb, "KernelPageSize", 4096);
            kb(sb, "MMUPageSize", 4096);
            kb(sb, "Rss", rss);
            kb(sb, "Pss", rss);
            kb(sb, "Pss_Dirty", rss);
            kb(sb, "Shared_Clean", 0);
            kb(sb, "Shared_Dirty", 0);
            kb(sb, "Private_Clean", 0);
            kb(sb, "Private_Dirty", rss);
            kb(sb, "Referenced", rss);
            kb(sb, "Anonymous", anon ? rss : 0);
            kb(sb, "KSM", 0);
            kb(sb, "LazyFree", 0);
            kb(sb, "AnonHugePages", 0);
            kb(sb, "ShmemPmdMapped", 0);
            kb(sb, "FilePmdMapped", 0);
            kb(sb, "Shared_Hugetlb", 0);
            kb(sb, "Private_Hugetlb", 0);
            kb(sb, "Swap", 0);
            kb(sb, "SwapPss", 0);
            kb(sb, "Locked", 0);
            sb.append(String.format("%-16s%8d\n", "THPeligible:", 0));
            sb.append("VmFlags:").append(flags(v)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void kb(StringBuilder sb, String key, long bytes) {
        sb.append(String.format("%-16s%8d kB\n", key + ":", bytes / 1024));
    }

    /** show_smap_vma_flags' two-letter names, in its order. */
    private static String flags(Vma v) {
        StringBuilder f = new StringBuilder();
        if ((v.prot() & Mman.PROT_READ) != 0) {
            f.append(" rd");
        }
        if ((v.prot() & Mman.PROT_WRITE) != 0) {
            f.append(" wr");
        }
        if ((v.prot() & Mman.PROT_EXEC) != 0) {
            f.append(" ex");
        }
        if (v.shared()) {
            f.append(" sh");
        }
        f.append(" mr mw me");
        if (v.shared()) {
            f.append(" ms");
        }
        if ("[stack]".equals(v.name())) {
            f.append(" gd");
        }
        if (!v.shared() && (v.prot() & Mman.PROT_WRITE) != 0) {
            f.append(" ac");
        }
        return f.toString();
    }
}
