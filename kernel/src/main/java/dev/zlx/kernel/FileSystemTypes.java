package dev.zlx.kernel;

import dev.zlx.abi.Errno;
import dev.zlx.vfs.FileSystem;
import dev.zlx.vfs.Resolved;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The file system types mount(2) can make (/proc/filesystems), registered by whoever wires the
 * kernel (procfs lives in a module above the kernel). A type unknown here is ENODEV.
 */
public final class FileSystemTypes {
    /**
     * Makes a new instance from mount(2)'s source, flags and data (the options string, or null);
     * paths resolves the paths a type's options name (overlay's layers) as the mounting task sees
     * them, following symlinks.
     */
    @FunctionalInterface
    public interface Factory {
        FileSystem create(String source, long flags, String data, Function<String, Resolved> paths);
    }

    /** A registered type; nodev types need no block device (tmpfs, proc). */
    public record Type(String name, boolean nodev, Factory factory) {
    }

    private final Map<String, Type> types = new ConcurrentHashMap<>();
    private final List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();

    public void register(String name, boolean nodev, Factory factory) {
        if (types.put(name, new Type(name, nodev, factory)) == null) {
            order.add(name);
        }
    }

    /** The type called name; ENODEV if none. */
    public Type get(String name) {
        Type t = types.get(name);
        if (t == null) {
            throw Errno.ENODEV.exception();
        }
        return t;
    }

    /** The types in registration order. */
    public List<Type> list() {
        List<Type> out = new ArrayList<>();
        for (String n : order) {
            out.add(types.get(n));
        }
        return out;
    }
}
