package dev.zlx.vfs.host;

import dev.zlx.abi.Errno;
import dev.zlx.abi.LinuxException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.HashMap;
import java.util.Map;

/**
 * Translates the host's I/O failures into Linux errors. The JDK reports a host errno as its
 * strerror text (FileSystemException.getReason()), so the translation matches that text against
 * the messages of {@link Errno}; the JDK's own exception types are mapped first.
 */
public final class HostErrors {
    private static final Map<String, Errno> BY_MESSAGE = new HashMap<>();
    /** What the JDK appends to some strerror texts (ELOOP), to be cut before matching. */
    private static final String[] JDK_SUFFIXES = {
        " (NOFOLLOW_LINKS specified)", " or unable to access attributes of symbolic link",
    };

    static {
        for (Errno e : Errno.values()) {
            BY_MESSAGE.putIfAbsent(e.message(), e);
        }
    }

    private HostErrors() {
    }

    /** The Linux error that best describes a host I/O failure (EIO when nothing matches). */
    public static Errno errnoOf(IOException e) {
        if (e instanceof HostFd.HostErrno h) {
            return h.error().errno();
        }
        if (e instanceof NoSuchFileException) {
            return Errno.ENOENT;
        }
        if (e instanceof FileAlreadyExistsException) {
            return Errno.EEXIST;
        }
        if (e instanceof DirectoryNotEmptyException) {
            return Errno.ENOTEMPTY;
        }
        if (e instanceof AccessDeniedException) {
            return Errno.EACCES;
        }
        if (e instanceof NotDirectoryException) {
            return Errno.ENOTDIR;
        }
        if (e instanceof NotLinkException) {
            return Errno.EINVAL;
        }
        if (e instanceof FileSystemLoopException) {
            return Errno.ELOOP;
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            Errno byText = BY_MESSAGE.get(withoutJdkSuffix(fse.getReason()));
            if (byText != null) {
                return byText;
            }
        }
        String message = e.getMessage() == null ? null : withoutJdkSuffix(e.getMessage());
        if (message != null) {
            for (Map.Entry<String, Errno> entry : BY_MESSAGE.entrySet()) {
                if (message.endsWith(entry.getKey())) {
                    return entry.getValue();
                }
            }
        }
        return Errno.EIO;
    }

    private static String withoutJdkSuffix(String text) {
        for (String suffix : JDK_SUFFIXES) {
            if (text.endsWith(suffix)) {
                return text.substring(0, text.length() - suffix.length());
            }
        }
        return text;
    }

    /** The exception to throw for a host I/O failure. */
    public static LinuxException of(IOException e) {
        return errnoOf(e).exception();
    }
}
