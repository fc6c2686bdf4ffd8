package dev.zlx.cpu.unicorn;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The {@link Hooks} of every live engine, each under a small slot number that its engine passes
 * to the shared upcall stubs as user_data ({@link HookStubs}). A slot is taken when an engine
 * installs its hooks and given back after uc_close, when no hook of that engine can run any more.
 */
final class HookSlots {
    private static final Object LOCK = new Object();
    /** Replaced (never written in place after publication) when it grows; null = a free slot. */
    private static volatile Hooks[] slots = new Hooks[16];

    private HookSlots() {
    }

    /** A free slot now holding hooks. */
    static int take(Hooks hooks) {
        synchronized (LOCK) {
            Hooks[] s = slots;
            for (int i = 0; i < s.length; i++) {
                if (s[i] == null) {
                    s[i] = hooks;
                    slots = s; // volatile write: publishes the element to the hook threads
                    return i;
                }
            }
            Hooks[] grown = Arrays.copyOf(s, s.length * 2);
            grown[s.length] = hooks;
            slots = grown;
            return s.length;
        }
    }

    /** Frees slot (its engine is closed). */
    static void release(int slot) {
        synchronized (LOCK) {
            slots[slot] = null;
        }
    }

    /** The hooks of the engine whose callback got user_data. */
    static Hooks of(MemorySegment userData) {
        return slots[(int) userData.address()];
    }

    /** The user_data value that names slot. */
    static MemorySegment userData(int slot) {
        return MemorySegment.ofAddress(slot);
    }
}
