package dev.zlx.cpu.unicorn;

import dev.zlx.abi.Arch;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.cpu.CpuBackend;
import dev.zlx.cpu.CpuBackends;
import dev.zlx.cpu.ExecutionContext;
import java.util.HexFormat;

/** Test fixture: an address space with code at CODE and a read-write data area at DATA. */
final class Guest implements AutoCloseable {
    static final long CODE = 0x400000;
    static final long DATA = 0x600000;
    static final int R = 1;
    static final int W = 2;
    static final int X = 4;

    static final CpuBackend BACKEND = CpuBackends.unicorn();

    final AddressSpace as;
    final ExecutionContext ctx;

    Guest(Arch arch, String hexCode) {
        as = BACKEND.createAddressSpace(arch);
        as.map(CODE, 0x1000, R | X);
        as.map(DATA, 0x3000, R | W);
        byte[] code = hex(hexCode);
        as.writeIgnoringProtection(CODE, code, 0, code.length);
        ctx = as.createContext();
        ctx.setPc(CODE);
        ctx.setSp(DATA + 0x3000);
    }

    /** Bytes from hex digits; spaces ignored. aarch64 words are written here in memory order. */
    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** Little-endian bytes of aarch64 instruction words (as objdump prints them). */
    static String words(int... insns) {
        StringBuilder b = new StringBuilder();
        for (int w : insns) {
            b.append(String.format("%02x%02x%02x%02x", w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24));
        }
        return b.toString();
    }

    @Override
    public void close() {
        as.close();
    }
}
