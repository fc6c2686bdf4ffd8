package dev.zlx.kernel;

import dev.zlx.abi.Errno;
import dev.zlx.vfs.OpenFile;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The open file descriptions of the kernel that fs.file-max limits (nr_files, the first field
 * of fs.file-nr): each counts from when a descriptor first refers to it until its last
 * reference goes. Linux counts from the allocation of the struct file, so descriptions zlx
 * makes for its own use and never gives a descriptor (and the first process's standard
 * streams, which the front end installs) are not counted.
 */
public final class OpenFiles {
    private final Set<OpenFile> counted = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    private final OpenFile.ReleaseHook forget = counted::remove;

    /** How many descriptions are counted now. */
    public long count() {
        return counted.size();
    }

    /**
     * alloc_empty_file's check: counts file, unless it is already; ENFILE when file-max are
     * counted and the opener is unprivileged (CAP_SYS_ADMIN: euid 0 here).
     */
    public void admit(OpenFile file, long fileMax, boolean privileged) {
        synchronized (counted) {
            if (counted.contains(file)) {
                return;
            }
            if (counted.size() >= fileMax && !privileged) {
                throw Errno.ENFILE.exception();
            }
            counted.add(file);
        }
        file.addReleaseHook(forget);
    }
}
