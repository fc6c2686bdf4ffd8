package dev.zlx.sysfs;

import dev.zlx.abi.Errno;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.synthetic.GeneratedFile;
import dev.zlx.vfs.synthetic.SyntheticDirectory;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;
import dev.zlx.vfs.synthetic.SyntheticSymlink;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The table /sys is built from: each entry is a path under /sys and what it holds, so adding a
 * file is one line, and directories on the way are made as needed. Attribute files are
 * read-only (0444) unless given a store handler, as sysfs's show/store attributes.
 */
public final class SysfsTree {
    private final SyntheticFileSystem fs = new SyntheticFileSystem("sysfs");
    private final Map<String, SyntheticDirectory> dirs = new HashMap<>();

    SysfsTree() {
        // kernfs directories have no create or mkdir operation: the VFS answers EACCES and EPERM.
        fs.setRefusals(new SyntheticFileSystem.Refusals(Errno.EACCES, Errno.EPERM, Errno.EPERM));
        SyntheticDirectory root = new SyntheticDirectory(fs, 0555);
        dirs.put("", root);
        fs.setRoot(root);
    }

    SyntheticFileSystem fileSystem() {
        return fs;
    }

    /** The directory at path (made with its parents if absent), as kernfs's 0755 directories. */
    public SyntheticDirectory dir(String path) {
        SyntheticDirectory d = dirs.get(path);
        if (d == null) {
            int slash = path.lastIndexOf('/');
            SyntheticDirectory parent = dir(slash < 0 ? "" : path.substring(0, slash));
            d = parent.add(path.substring(slash + 1), new SyntheticDirectory(fs, 0755));
            dirs.put(path, d);
        }
        return d;
    }

    /** A read-only attribute whose text show produces at each open. */
    public void file(String path, Supplier<String> show) {
        add(path, new GeneratedFile(fs, 0444, bytes(show)));
    }

    /** A root-writable attribute: store gets each write(2)'s text whole. */
    public void file(String path, Supplier<String> show, GeneratedFile.WriteHandler store) {
        add(path, new GeneratedFile(fs, 0644, bytes(show), store));
    }

    /** A symlink with a fixed relative target, as sysfs's links between kobjects. */
    public void link(String path, String target) {
        add(path, new SyntheticSymlink(fs, () -> target));
    }

    private void add(String path, Inode node) {
        int slash = path.lastIndexOf('/');
        SyntheticDirectory parent = dir(slash < 0 ? "" : path.substring(0, slash));
        String name = path.substring(slash + 1);
        if (dirs.containsKey(path)) {
            throw new IllegalStateException("sysfs: " + path + " is a directory");
        }
        parent.add(name, node);
    }

    private static Supplier<byte[]> bytes(Supplier<String> show) {
        return () -> show.get().getBytes(StandardCharsets.US_ASCII);
    }

    /** kstrtobool(3) as sysfs boolean attributes parse their input; EINVAL for anything else. */
    static boolean parseBool(byte[] data) {
        if (data.length == 0) {
            throw Errno.EINVAL.exception();
        }
        switch (data[0]) {
            case 'y', 'Y', 't', 'T', '1':
                return true;
            case 'n', 'N', 'f', 'F', '0':
                return false;
            case 'o', 'O':
                if (data.length > 1) {
                    switch (data[1]) {
                        case 'n', 'N':
                            return true;
                        case 'f', 'F':
                            return false;
                        default:
                            break;
                    }
                }
                throw Errno.EINVAL.exception();
            default:
                throw Errno.EINVAL.exception();
        }
    }
}
