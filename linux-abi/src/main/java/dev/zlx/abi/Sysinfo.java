package dev.zlx.abi;

/**
 * struct sysinfo on a 64-bit architecture (linux/sysinfo.h), 112 bytes: uptime at 0, loads[3] at
 * 8 (fixed point, 1 &lt;&lt; SI_LOAD_SHIFT = 65536 is 1.0), totalram 32, freeram 40, sharedram 48,
 * bufferram 56, totalswap 64, freeswap 72, procs (u16) 80, totalhigh 88, freehigh 96, mem_unit (u32)
 * 104; memory sizes are in units of mem_unit bytes.
 */
public record Sysinfo(long uptime, long load1, long load5, long load15, long totalram, long freeram, long sharedram,
        long bufferram, long totalswap, long freeswap, int procs, long totalhigh, long freehigh, int memUnit) {
    /** sizeof(struct sysinfo). */
    public static final int SIZE = 112;
    /** SI_LOAD_SHIFT: the loads are fixed point with this many fraction bits. */
    public static final int SI_LOAD_SHIFT = 16;

    /** This sysinfo as SIZE bytes (padding zeroed). */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        LittleEndian.putU64(b, 0, uptime);
        LittleEndian.putU64(b, 8, load1);
        LittleEndian.putU64(b, 16, load5);
        LittleEndian.putU64(b, 24, load15);
        LittleEndian.putU64(b, 32, totalram);
        LittleEndian.putU64(b, 40, freeram);
        LittleEndian.putU64(b, 48, sharedram);
        LittleEndian.putU64(b, 56, bufferram);
        LittleEndian.putU64(b, 64, totalswap);
        LittleEndian.putU64(b, 72, freeswap);
        LittleEndian.putU16(b, 80, procs);
        LittleEndian.putU64(b, 88, totalhigh);
        LittleEndian.putU64(b, 96, freehigh);
        LittleEndian.putU32(b, 104, memUnit);
        return b;
    }
}
