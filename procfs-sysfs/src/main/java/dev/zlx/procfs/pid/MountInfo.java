package dev.zlx.procfs.pid;

import dev.zlx.abi.FileStat;
import dev.zlx.abi.MountFlags;
import dev.zlx.kernel.Process;
import dev.zlx.vfs.Mount;
import dev.zlx.vfs.MountTable;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** /proc/PID/mounts and mountinfo: the mounts of the process's mount namespace (fs/proc_namespace.c). */
public final class MountInfo {
    private MountInfo() {
    }

    private static List<Mount> list(Process p) {
        return p.isDead() ? List.of() : p.mountNamespace().mounts().list();
    }

    /** show_vfsmnt: "source point type options 0 0". */
    public static byte[] mounts(Process p) {
        StringBuilder sb = new StringBuilder();
        for (Mount m : list(p)) {
            sb.append(escape(m.source() == null ? "none" : m.source())).append(' ').append(escape(m.mountPoint()))
                    .append(' ').append(m.fileSystem().type()).append(' ').append(options(m)).append(" 0 0\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** show_mountinfo: "id parent major:minor root point options - type source superoptions". */
    public static byte[] mountinfo(Process p) {
        List<Mount> all = list(p);
        StringBuilder sb = new StringBuilder();
        for (Mount m : all) {
            long dev = m.fileSystem().root().stat().dev();
            sb.append(m.id()).append(' ').append(parent(m, all).id()).append(' ')
                    .append(FileStat.major(dev)).append(':').append(FileStat.minor(dev)).append(" / ")
                    .append(escape(m.mountPoint())).append(' ').append(options(m)).append(" - ")
                    .append(m.fileSystem().type()).append(' ').append(escape(m.source() == null ? "none" : m.source()))
                    .append(' ').append(m.fileSystem().readOnly() ? "ro" : "rw").append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The mount this one sits on: the deepest earlier mount whose point holds its point; the root is its own. */
    private static Mount parent(Mount m, List<Mount> all) {
        Mount best = m;
        for (Mount o : all) {
            if (o == m) {
                break;
            }
            if (MountTable.isAtOrUnder(m.mountPoint(), o.mountPoint())
                    && (best == m || o.mountPoint().length() >= best.mountPoint().length())) {
                best = o;
            }
        }
        return best;
    }

    /** The per-mount options show_mnt_opts prints, after "rw" or "ro". */
    private static String options(Mount m) {
        StringBuilder sb = new StringBuilder(m.readOnly() || m.fileSystem().readOnly() ? "ro" : "rw");
        if (m.has(MountFlags.MS_NOSUID)) {
            sb.append(",nosuid");
        }
        if (m.has(MountFlags.MS_NODEV)) {
            sb.append(",nodev");
        }
        if (m.has(MountFlags.MS_NOEXEC)) {
            sb.append(",noexec");
        }
        if (m.has(MountFlags.MS_NOATIME)) {
            sb.append(",noatime");
        } else if (m.has(MountFlags.MS_NODIRATIME)) {
            sb.append(",nodiratime");
        } else if (m.has(MountFlags.MS_RELATIME)) {
            sb.append(",relatime");
        }
        if (m.has(MountFlags.MS_NOSYMFOLLOW)) {
            sb.append(",nosymfollow");
        }
        return sb.toString();
    }

    /** mangle(): space, tab, newline and backslash as octal escapes. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case ' ' -> sb.append("\\040");
                case '\t' -> sb.append("\\011");
                case '\n' -> sb.append("\\012");
                case '\\' -> sb.append("\\134");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
