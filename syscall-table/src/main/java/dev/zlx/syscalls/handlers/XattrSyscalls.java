package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.FD;
import static dev.zlx.syscalls.trace.ArgKind.HEX;
import static dev.zlx.syscalls.trace.ArgKind.PATH;
import static dev.zlx.syscalls.trace.ArgKind.PTR;
import static dev.zlx.syscalls.trace.ArgKind.SIZE;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.abi.Inotify;
import dev.zlx.abi.StatMode;
import dev.zlx.abi.Xattr;
import dev.zlx.kernel.Permissions;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import dev.zlx.vfs.Resolved;
import dev.zlx.vfs.notify.FsNotify;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Extended attributes: the getxattr(2), listxattr(2), setxattr(2) and removexattr(2) families. */
public final class XattrSyscalls {
    private static final String NOTE = "hostfs keeps user.* on the host file and trusted.*/security.* as host "
            + "user.zlx.* attributes (in memory for the run where the host refuses user attributes), hiding zlx's own; "
            + "tmpfs keeps user.*, trusted.* and security.*";

    public void register(SyscallRegistry r) {
        r.partial("getxattr", NOTE, (t, a) -> get(t, path(t, a.ptr(0), true), a.ptr(1), a.ptr(2), a.size(3)),
                PATH, PATH, PTR, SIZE);
        r.partial("lgetxattr", NOTE, (t, a) -> get(t, path(t, a.ptr(0), false), a.ptr(1), a.ptr(2), a.size(3)),
                PATH, PATH, PTR, SIZE);
        r.partial("fgetxattr", NOTE, (t, a) -> get(t, fd(t, a.fd(0), Errno.ENODATA), a.ptr(1), a.ptr(2), a.size(3)),
                FD, PATH, PTR, SIZE);
        r.partial("listxattr", NOTE, (t, a) -> list(t, path(t, a.ptr(0), true), a.ptr(1), a.size(2)),
                PATH, PTR, SIZE);
        r.partial("llistxattr", NOTE, (t, a) -> list(t, path(t, a.ptr(0), false), a.ptr(1), a.size(2)),
                PATH, PTR, SIZE);
        r.partial("flistxattr", NOTE, (t, a) -> list(t, fd(t, a.fd(0), Errno.ENODATA), a.ptr(1), a.size(2)), FD, PTR, SIZE);
        r.partial("setxattr", NOTE, (t, a) -> set(t, path(t, a.ptr(0), true), a.ptr(1), a.ptr(2), a.size(3),
                a.i32(4)), PATH, PATH, PTR, SIZE, HEX);
        r.partial("lsetxattr", NOTE, (t, a) -> set(t, path(t, a.ptr(0), false), a.ptr(1), a.ptr(2), a.size(3),
                a.i32(4)), PATH, PATH, PTR, SIZE, HEX);
        r.partial("fsetxattr", NOTE, (t, a) -> set(t, fd(t, a.fd(0), Errno.EOPNOTSUPP), a.ptr(1), a.ptr(2), a.size(3),
                a.i32(4)), FD, PATH, PTR, SIZE, HEX);
        r.partial("removexattr", NOTE, (t, a) -> remove(t, path(t, a.ptr(0), true), a.ptr(1)), PATH, PATH);
        r.partial("lremovexattr", NOTE, (t, a) -> remove(t, path(t, a.ptr(0), false), a.ptr(1)), PATH, PATH);
        r.partial("fremovexattr", NOTE, (t, a) -> remove(t, fd(t, a.fd(0), Errno.EOPNOTSUPP), a.ptr(1)), FD, PATH);
    }

    private static Resolved path(Task t, long pathAddr, boolean follow) {
        return PathAt.resolve(t, Fcntl.AT_FDCWD, PathAt.path(t, pathAddr), follow);
    }

    /** The object an f*xattr call names; a description without an inode (pipe) has no attributes. */
    private static Resolved fd(Task t, int fd, Errno none) {
        OpenFile f = t.process().fds().get(fd);
        if (f.inode() == null) {
            throw none.exception();
        }
        return f.location() != null ? f.location() : new Resolved("", f.inode(), null);
    }

    private static String name(Task t, long nameAddr) {
        byte[] nameBytes = UserMemory.readCString(t.process().mm().space(), nameAddr, Xattr.XATTR_NAME_MAX + 1);
        if (nameBytes == null || nameBytes.length == 0 || nameBytes.length > Xattr.XATTR_NAME_MAX) {
            throw Errno.ERANGE.exception();
        }
        return new String(nameBytes, StandardCharsets.UTF_8);
    }

    /**
     * xattr_permission: trusted.* needs CAP_SYS_ADMIN (fsuid 0 here; reads see no such
     * attribute), user.* needs read or write permission on the file; writes need a writable
     * mount.
     */
    private static void permitted(Task t, Resolved where, String name, boolean write) {
        var cred = t.process().credentials();
        if (name.startsWith(Xattr.TRUSTED_PREFIX) && !dev.zlx.kernel.Privilege.globalFs(cred)) {
            throw (write ? Errno.EPERM : Errno.ENODATA).exception();
        }
        if (write && where.mount() != null) {
            PathAt.requireWritableMount(where);
        }
        if (name.startsWith(Xattr.USER_PREFIX)) {
            var st = where.inode().stat();
            int type = st.mode() & StatMode.S_IFMT;
            if (type != StatMode.S_IFREG && type != StatMode.S_IFDIR) {
                return;
            }
            if (!Permissions.may(cred, st, write ? Permissions.MAY_WRITE : Permissions.MAY_READ)) {
                throw Errno.EACCES.exception();
            }
        }
    }

    static long get(Task t, Resolved where, long nameAddr, long value, long size) {
        String name = name(t, nameAddr);
        permitted(t, where, name, false);
        return copyOut(t, where.inode().getxattr(name), value, size);
    }

    static long list(Task t, Resolved where, long listAddr, long size) {
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        boolean admin = dev.zlx.kernel.Privilege.globalFs(t.process().credentials());
        for (String n : where.inode().listxattr()) {
            if (admin || !n.startsWith(Xattr.TRUSTED_PREFIX)) {
                names.writeBytes(n.getBytes(StandardCharsets.UTF_8));
                names.write(0);
            }
        }
        return copyOut(t, names.toByteArray(), listAddr, size);
    }

    static long set(Task t, Resolved where, long nameAddr, long value, long size, int flags) {
        if ((flags & ~(Xattr.XATTR_CREATE | Xattr.XATTR_REPLACE)) != 0) {
            throw Errno.EINVAL.exception();
        }
        String name = name(t, nameAddr);
        if (size > Xattr.XATTR_SIZE_MAX) {
            throw Errno.E2BIG.exception();
        }
        byte[] data = size == 0 ? new byte[0] : UserMemory.read(t.process().mm().space(), value, (int) size);
        permitted(t, where, name, true);
        where.inode().setxattr(name, data, flags);
        FsNotify.changed(where, Inotify.IN_ATTRIB);
        return 0;
    }

    static long remove(Task t, Resolved where, long nameAddr) {
        String name = name(t, nameAddr);
        permitted(t, where, name, true);
        where.inode().removexattr(name);
        FsNotify.changed(where, Inotify.IN_ATTRIB);
        return 0;
    }

    /** size 0 asks for the length; a smaller buffer is ERANGE. */
    private static long copyOut(Task t, byte[] data, long addr, long size) {
        if (size == 0) {
            return data.length;
        }
        if (size < data.length) {
            throw (data.length > Xattr.XATTR_SIZE_MAX ? Errno.E2BIG : Errno.ERANGE).exception();
        }
        UserMemory.write(t.process().mm().space(), addr, data);
        return data.length;
    }
}
