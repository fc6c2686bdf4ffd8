package dev.zlx.vfs.overlay;

import dev.zlx.abi.Errno;
import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.MountTable;
import dev.zlx.vfs.Owner;
import dev.zlx.vfs.Resolved;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * overlay mount options as mount(2)'s data string gives them (fs/overlayfs/params.c):
 * lowerdir=A:B (topmost first; "\" escapes ":" and ","), upperdir=, workdir=, and the
 * feature switches zlx's overlay matches — redirect_dir, index, metacopy and nfs_export only
 * off (a value zlx does not implement is EINVAL rather than silently ignored), xino, uuid,
 * userxattr, volatile and default_permissions. An unknown option is EINVAL.
 *
 * @param lowerDirs the lower directories, topmost first
 * @param upperDir the upper directory, or null for a read-only overlay
 * @param workDir the work directory (required with upperDir)
 */
public record OverlayOptions(List<String> lowerDirs, String upperDir, String workDir) {
    /** OVL_MAX_STACK. */
    private static final int MAX_LAYERS = 500;

    public static OverlayOptions parse(String data) {
        List<String> lower = null;
        String upper = null;
        String work = null;
        for (String option : split(data == null ? "" : data, ',')) {
            if (option.isEmpty()) {
                continue;
            }
            int eq = option.indexOf('=');
            String key = eq < 0 ? option : option.substring(0, eq);
            String value = eq < 0 ? null : option.substring(eq + 1);
            switch (key) {
                case "lowerdir" -> lower = lowerDirs(value);
                case "upperdir" -> upper = path(value);
                case "workdir" -> work = path(value);
                case "redirect_dir" -> requireOneOf(value, "off", "follow", "nofollow");
                case "index", "metacopy", "nfs_export" -> requireOneOf(value, "off");
                case "xino" -> requireOneOf(value, "off", "auto", "on");
                case "uuid" -> requireOneOf(value, "off", "null", "auto", "on");
                case "userxattr", "volatile", "default_permissions" -> requireOneOf(value, (String) null);
                default -> throw Errno.EINVAL.exception();
            }
        }
        if (lower == null) {
            throw Errno.EINVAL.exception();
        }
        if (upper != null && work == null) {
            throw Errno.EINVAL.exception();
        }
        return new OverlayOptions(List.copyOf(lower), upper, upper == null ? null : work);
    }

    /** Splits at unescaped separators, keeping the escapes (paths drop them later). */
    private static List<String> split(String s, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
            } else if (c == separator) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        return parts;
    }

    private static List<String> lowerDirs(String value) {
        if (value == null) {
            throw Errno.EINVAL.exception();
        }
        List<String> dirs = new ArrayList<>();
        for (String d : split(value, ':')) {
            // Empty names, including an unescaped trailing colon, are EINVAL.
            dirs.add(path(d));
        }
        if (dirs.size() > MAX_LAYERS) {
            throw Errno.EINVAL.exception();
        }
        return dirs;
    }

    private static String path(String escaped) {
        if (escaped == null || escaped.isEmpty()) {
            throw Errno.EINVAL.exception();
        }
        return escaped.replaceAll("\\\\(.)", "$1");
    }

    private static void requireOneOf(String value, String... allowed) {
        for (String a : allowed) {
            if (a == null ? value == null : a.equals(value)) {
                return;
            }
        }
        throw Errno.EINVAL.exception();
    }

    /**
     * Makes the overlay, resolving the directories with lookup (the mounting task's view):
     * each must be a directory (EINVAL, as ovl_mount_dir says), the upper one writable (EROFS),
     * and the work directory on the upper one's mount (EINVAL) and apart from it; the work
     * directory gets the "work" subdirectory overlayfs keeps there.
     */
    public FileSystem mount(Function<String, Resolved> lookup) {
        List<Inode> lowers = new ArrayList<>();
        for (String d : lowerDirs) {
            lowers.add(directory(lookup.apply(d)).inode());
        }
        if (upperDir == null) {
            if (lowers.size() < 2) {
                // "at least 2 lowerdir are needed while upperdir nonexistent", once they resolve.
                throw Errno.EINVAL.exception();
            }
            return new OverlayFs(lowers, null);
        }
        Resolved upper = directory(lookup.apply(upperDir));
        Resolved work = directory(lookup.apply(workDir));
        if (upper.mount().readOnly() || upper.inode().fileSystem().readOnly()) {
            throw Errno.EROFS.exception();
        }
        if (work.mount() != upper.mount() || MountTable.isAtOrUnder(work.path(), upper.path())
                || MountTable.isAtOrUnder(upper.path(), work.path())) {
            throw Errno.EINVAL.exception();
        }
        if (Layers.entry(work.inode(), "work") == null) {
            work.inode().mkdir("work", 0, Owner.ROOT);
        }
        return new OverlayFs(lowers, upper.inode());
    }

    private static Resolved directory(Resolved r) {
        if (!r.inode().isDirectory()) {
            throw Errno.EINVAL.exception();
        }
        return r;
    }
}
