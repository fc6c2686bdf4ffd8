package dev.zlx.cpu.unicorn;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;

/**
 * Clean engines of closed address spaces, kept for the next space of the same architecture: a
 * fork followed by an exec opens two spaces and closes two, so a few kept engines cover any
 * chain of them. Bounded, because an idle engine keeps its translation buffer's host pages.
 */
final class EnginePool {
    /** Engines kept per architecture. */
    static final int MAX_IDLE = 2;

    private static final Map<UnicornArch, ArrayDeque<UnicornEngine>> IDLE = new EnumMap<>(UnicornArch.class);

    private EnginePool() {
    }

    /** A kept engine of spec's architecture now calling hooks, or a new one. */
    static UnicornEngine take(UnicornArch spec, Hooks hooks) {
        UnicornEngine kept;
        synchronized (IDLE) {
            ArrayDeque<UnicornEngine> idle = IDLE.get(spec);
            kept = idle == null ? null : idle.pollLast();
        }
        if (kept == null) {
            return new UnicornEngine(spec, hooks);
        }
        kept.attach(hooks);
        return kept;
    }

    /**
     * Keeps engine, whose space has unmapped all its memory, or closes it when the pool is full
     * or it cannot be made clean.
     */
    static void give(UnicornEngine engine) {
        if (engine.reusable()) {
            try {
                engine.reset();
                synchronized (IDLE) {
                    ArrayDeque<UnicornEngine> idle = IDLE.computeIfAbsent(engine.spec, a -> new ArrayDeque<>());
                    if (idle.size() < MAX_IDLE) {
                        idle.addLast(engine);
                        return;
                    }
                }
            } catch (RuntimeException notClean) {
                // Closed below.
            }
        }
        engine.close();
    }

    /** Engines kept now for arch (for tests). */
    static int idle(UnicornArch spec) {
        synchronized (IDLE) {
            ArrayDeque<UnicornEngine> idle = IDLE.get(spec);
            return idle == null ? 0 : idle.size();
        }
    }
}
