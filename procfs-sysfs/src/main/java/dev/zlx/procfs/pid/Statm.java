package dev.zlx.procfs.pid;

import dev.zlx.kernel.Process;
import java.nio.charset.StandardCharsets;

/** /proc/PID/statm: size resident shared text lib data dt, in pages. */
public final class Statm {
    private Statm() {
    }

    public static byte[] of(Process p) {
        MemoryUse m = MemoryUse.of(p);
        String text = MemoryUse.pages(m.size()) + " " + MemoryUse.pages(m.rss()) + " "
                + MemoryUse.pages(m.rssFile() + m.rssShmem()) + " " + MemoryUse.pages(m.exe()) + " 0 "
                + MemoryUse.pages(m.data() + m.stack()) + " 0\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
