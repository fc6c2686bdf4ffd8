package dev.zlx.cpu.unicorn;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The {@link Hooks} of every engine, each under a small slot number that its engine passes to the
 * shared upcall stubs as user_data ({@link HookStubs}). An engine takes a slot when it installs
 * its hooks and gives it back after uc_close, when none of its hooks can run any more; while the
 * engine waits in the {@link EnginePool} its slot holds null.
 */
final class HookSlots {
    private static final Object LOCK = new Object();
    /** Slots owned by an engine (guarded by LOCK). */
    private static final BitSet TAKEN = new BitSet();
    /** Replaced when it grows; every write is followed by a volatile write of the field, which publishes it. */
    private static volatile Hooks[] slots = new Hooks[16];

    private HookSlots() {
    }

    /** A free slot now holding hooks. */
    static int take(Hooks hooks) {
        synchronized (LOCK) {
            int slot = TAKEN.nextClearBit(0);
            TAKEN.set(slot);
            Hooks[] s = slots;
            if (slot >= s.length) {
                s = Arrays.copyOf(s, Math.max(s.length * 2, slot + 1));
            }
            s[slot] = hooks;
            slots = s;
            return slot;
        }
    }

    /** Points slot at other hooks (null while its engine is idle). */
    static void set(int slot, Hooks hooks) {
        synchronized (LOCK) {
            Hooks[] s = slots;
            s[slot] = hooks;
            slots = s;
        }
    }

    /** Frees slot (its engine is closed). */
    static void release(int slot) {
        synchronized (LOCK) {
            Hooks[] s = slots;
            s[slot] = null;
            slots = s;
            TAKEN.clear(slot);
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
