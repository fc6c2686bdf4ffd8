package dev.zlx.procfs;

import dev.zlx.abi.Errno;
import dev.zlx.kernel.Kernel;
import dev.zlx.kernel.Process;
import dev.zlx.kernel.Task;
import dev.zlx.procfs.sysctl.Sysctls;
import dev.zlx.procfs.system.SystemFiles;
import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.synthetic.SyntheticDirectory;
import dev.zlx.vfs.synthetic.SyntheticFileSystem;
import dev.zlx.vfs.synthetic.SyntheticSymlink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * /proc generated from the live kernel: one directory per process, and /proc/self naming the
 * caller's. This first part holds what programs need to start (exe, cwd, root, fd, cmdline,
 * environ, comm, maps); the system-wide files and /proc/sys come from the tables of
 * {@link SystemFiles} and {@link Sysctls}, one small generator per file.
 */
public final class ProcFs {
    private ProcFs() {
    }

    /** A new /proc for this kernel. */
    public static FileSystem create(Kernel kernel) {
        SyntheticFileSystem fs = new SyntheticFileSystem("proc");
        // proc_lookup fails before any create: making a name anywhere in /proc is ENOENT.
        fs.setRefusals(new SyntheticFileSystem.Refusals(Errno.ENOENT, Errno.ENOENT, Errno.ENOENT));
        Map<Integer, PidDirectory> dirs = new ConcurrentHashMap<>();
        SyntheticDirectory root = new SyntheticDirectory(fs, 0555) {
            @Override
            protected List<String> dynamicNames() {
                List<String> names = new ArrayList<>();
                kernel.processes().stream().map(Process::pid).sorted().forEach(pid -> names.add(pid.toString()));
                return names;
            }

            @Override
            protected Inode dynamicLookup(String name) {
                if (!name.matches("[1-9][0-9]{0,9}")) {
                    return null;
                }
                Process p = kernel.process(Integer.parseInt(name));
                if (p == null) {
                    dirs.remove(Integer.parseInt(name));
                    return null;
                }
                return dirs.computeIfAbsent(p.pid(), pid -> new PidDirectory(fs, p));
            }
        };
        root.add("self", new SyntheticSymlink(fs, () -> {
            Task t = Task.current();
            return t == null ? null : Integer.toString(t.process().pid());
        }));
        root.add("mounts", new SyntheticSymlink(fs, () -> "self/mounts"));
        ProcTree.install(fs, root, kernel, SystemFiles.TABLE);
        ProcTree.install(fs, root, kernel, Sysctls.TABLE);
        root.add("thread-self", new SyntheticSymlink(fs, () -> {
            Task t = Task.current();
            return t == null ? null : t.process().pid() + "/task/" + t.tid();
        }));
        fs.setRoot(root);
        return fs;
    }
}
