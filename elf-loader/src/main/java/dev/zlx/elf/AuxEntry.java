package dev.zlx.elf;

import dev.zlx.abi.Auxv;

/**
 * One auxiliary vector entry.
 *
 * @param type an {@code AT_*} constant of {@link Auxv}
 * @param value its value (a number or a guest address)
 */
public record AuxEntry(long type, long value) {
    @Override
    public String toString() {
        return Auxv.name(type) + "=0x" + Long.toHexString(value);
    }
}
