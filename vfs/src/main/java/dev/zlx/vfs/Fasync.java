package dev.zlx.vfs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open files that asked a file for signal-driven I/O (O_ASYNC; Linux's fasync_struct list).
 * A file that supports it calls {@link #notify} where Linux calls kill_fasync — when data
 * arrives, when room frees up, when an end closes — and each subscriber sends its owner the
 * signal. Listeners run on the notifying thread, perhaps under the file's lock.
 */
public final class Fasync {
    /** What a subscribed open file does with a notice. */
    @FunctionalInterface
    public interface Listener {
        /** reason is a POLL_* si_code: POLL_IN when there is input, POLL_OUT when there is room… */
        void notify(int reason);
    }

    private final Map<OpenFile, Listener> listeners = new ConcurrentHashMap<>();

    /**
     * Subscribes file (fasync_helper with on = 1); a second call replaces its listener (the
     * descriptor it names). Returns whether file was not subscribed yet.
     */
    public boolean add(OpenFile file, Listener listener) {
        return listeners.put(file, listener) == null;
    }

    /** Unsubscribes file (fasync_helper with on = 0, or its last close). */
    public void remove(OpenFile file) {
        listeners.remove(file);
    }

    /** kill_fasync: every subscriber hears reason. */
    public void notify(int reason) {
        if (listeners.isEmpty()) {
            return;
        }
        for (Listener l : listeners.values()) {
            l.notify(reason);
        }
    }
}
