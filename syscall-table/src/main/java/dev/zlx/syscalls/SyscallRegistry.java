package dev.zlx.syscalls;

import dev.zlx.syscalls.trace.ArgKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every syscall zlx implements, by Linux name, with one handler for all architectures. The
 * per-architecture {@link SyscallTable}s map numbers to these rows; a name that only one
 * architecture has (open, stat on x86-64) simply never appears in the other's table.
 */
public final class SyscallRegistry {
    private final Map<String, Syscall> byName = new LinkedHashMap<>();

    /** Adds a fully implemented syscall. */
    public void full(String name, Handler handler, ArgKind... args) {
        add(new Syscall(name, handler, Support.FULL, null, List.of(args)));
    }

    /** Adds a partly implemented syscall; note says what is missing. */
    public void partial(String name, String note, Handler handler, ArgKind... args) {
        add(new Syscall(name, handler, Support.PARTIAL, note, List.of(args)));
    }

    private void add(Syscall s) {
        if (byName.putIfAbsent(s.name(), s) != null) {
            throw new IllegalStateException("syscall registered twice: " + s.name());
        }
    }

    public Syscall get(String name) {
        return byName.get(name);
    }

    public Map<String, Syscall> all() {
        return Collections.unmodifiableMap(byName);
    }
}
