package dev.zlx.syscalls.handlers;

import static dev.zlx.syscalls.trace.ArgKind.FD;
import static dev.zlx.syscalls.trace.ArgKind.PATH;
import static dev.zlx.syscalls.trace.ArgKind.PTR;
import static dev.zlx.syscalls.trace.ArgKind.SIZE;

import dev.zlx.abi.Errno;
import dev.zlx.abi.Fcntl;
import dev.zlx.kernel.Task;
import dev.zlx.kernel.UserMemory;
import dev.zlx.syscalls.SyscallRegistry;
import dev.zlx.vfs.Inode;
import dev.zlx.vfs.OpenFile;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Reading extended attributes: the getxattr(2) and listxattr(2) families. */
public final class XattrSyscalls {
    /** Linux's XATTR_NAME_MAX and XATTR_SIZE_MAX. */
    private static final int XATTR_NAME_MAX = 255;
    private static final int XATTR_SIZE_MAX = 65536;
    private static final String NOTE = "hostfs shows the host's user.* attributes; no other namespace has any";

    public void register(SyscallRegistry r) {
        r.partial("getxattr", NOTE, (t, a) -> get(t, pathInode(t, a.ptr(0), true), a.ptr(1), a.ptr(2), a.size(3)),
                PATH, PATH, PTR, SIZE);
        r.partial("lgetxattr", NOTE, (t, a) -> get(t, pathInode(t, a.ptr(0), false), a.ptr(1), a.ptr(2), a.size(3)),
                PATH, PATH, PTR, SIZE);
        r.partial("fgetxattr", NOTE, (t, a) -> get(t, fdInode(t, a.fd(0)), a.ptr(1), a.ptr(2), a.size(3)),
                FD, PATH, PTR, SIZE);
        r.partial("listxattr", NOTE, (t, a) -> list(t, pathInode(t, a.ptr(0), true), a.ptr(1), a.size(2)),
                PATH, PTR, SIZE);
        r.partial("llistxattr", NOTE, (t, a) -> list(t, pathInode(t, a.ptr(0), false), a.ptr(1), a.size(2)),
                PATH, PTR, SIZE);
        r.partial("flistxattr", NOTE, (t, a) -> list(t, fdInode(t, a.fd(0)), a.ptr(1), a.size(2)), FD, PTR, SIZE);
    }

    private static Inode pathInode(Task t, long pathAddr, boolean follow) {
        return PathAt.resolve(t, Fcntl.AT_FDCWD, PathAt.path(t, pathAddr), follow).inode();
    }

    private static Inode fdInode(Task t, int fd) {
        OpenFile f = t.process().fds().get(fd);
        if (f.inode() == null) {
            throw Errno.ENODATA.exception();
        }
        return f.inode();
    }

    static long get(Task t, Inode inode, long nameAddr, long value, long size) {
        byte[] nameBytes = UserMemory.readCString(t.process().mm().space(), nameAddr, XATTR_NAME_MAX + 1);
        if (nameBytes == null || nameBytes.length == 0 || nameBytes.length > XATTR_NAME_MAX) {
            throw Errno.ERANGE.exception();
        }
        byte[] v = inode.getxattr(new String(nameBytes, StandardCharsets.UTF_8));
        return copyOut(t, v, value, size);
    }

    static long list(Task t, Inode inode, long listAddr, long size) {
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        for (String n : inode.listxattr()) {
            names.writeBytes(n.getBytes(StandardCharsets.UTF_8));
            names.write(0);
        }
        return copyOut(t, names.toByteArray(), listAddr, size);
    }

    /** size 0 asks for the length; a smaller buffer is ERANGE. */
    private static long copyOut(Task t, byte[] data, long addr, long size) {
        if (size == 0) {
            return data.length;
        }
        if (size < data.length) {
            throw (data.length > XATTR_SIZE_MAX ? Errno.E2BIG : Errno.ERANGE).exception();
        }
        UserMemory.write(t.process().mm().space(), addr, data);
        return data.length;
    }
}
