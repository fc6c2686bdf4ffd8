package dev.zlx.kernel;

import dev.zlx.abi.Errno;
import dev.zlx.cpu.AddressSpace;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies between guest memory and the kernel (Linux's copy_from_user, strncpy_from_user and
 * friends). A bad pointer surfaces as {@link dev.zlx.cpu.GuestMemoryFault}, which the
 * dispatcher turns into EFAULT.
 */
public final class UserMemory {
    /** Linux's PATH_MAX, including the NUL. */
    public static final int PATH_MAX = 4096;
    /** Linux's MAX_ARG_STRLEN: the longest argv or envp string (32 pages). */
    public static final int MAX_ARG_STRLEN = 32 * 4096;
    /** The most argv or envp entries zlx reads (Linux bounds them by the stack limit instead). */
    public static final int MAX_ARG_STRINGS = 0x7fffffff;

    private UserMemory() {
    }

    /** Reads a NUL-terminated path; ENAMETOOLONG past PATH_MAX, ENOENT when empty is refused later. */
    public static String readPath(AddressSpace mem, long addr) {
        if (addr == 0) {
            throw Errno.EFAULT.exception();
        }
        byte[] bytes = readCString(mem, addr, PATH_MAX);
        if (bytes == null) {
            throw Errno.ENAMETOOLONG.exception();
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Reads a NUL-terminated string of which the string and its NUL fit in max bytes (as
     * strncpy_from_user with PATH_MAX); null when no NUL comes within max bytes.
     */
    public static byte[] readCString(AddressSpace mem, long addr, int max) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        byte[] chunk = new byte[256];
        long cursor = addr;
        while (out.size() < max) {
            // Read up to the end of the page, so that a string ending just before an unmapped
            // page is read without touching that page.
            // Never past max bytes either: the NUL must come within them.
            int n = (int) Math.min(Math.min(chunk.length, max - out.size()),
                    AddressSpace.PAGE_SIZE - (cursor & (AddressSpace.PAGE_SIZE - 1)));
            mem.read(cursor, chunk, 0, n);
            for (int i = 0; i < n; i++) {
                if (chunk[i] == 0) {
                    out.write(chunk, 0, i);
                    return out.toByteArray();
                }
            }
            out.write(chunk, 0, n);
            cursor += n;
        }
        return null;
    }

    /** Reads a NULL-terminated array of string pointers (argv, envp); a null array is empty. */
    public static List<String> readStringArray(AddressSpace mem, long addr) {
        List<String> out = new ArrayList<>();
        if (addr == 0) {
            return out;
        }
        for (long p = addr; ; p += 8) {
            long s = mem.readLong(p);
            if (s == 0) {
                return out;
            }
            byte[] bytes = readCString(mem, s, MAX_ARG_STRLEN);
            if (bytes == null) {
                throw Errno.E2BIG.exception();
            }
            out.add(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    /** Reads length bytes. */
    public static byte[] read(AddressSpace mem, long addr, int length) {
        byte[] b = new byte[length];
        mem.read(addr, b, 0, length);
        return b;
    }

    /** Writes all of data. */
    public static void write(AddressSpace mem, long addr, byte[] data) {
        mem.write(addr, data, 0, data.length);
    }
}
