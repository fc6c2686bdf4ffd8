package dev.zlx.cpu;

import dev.zlx.cpu.unicorn.UnicornBackend;

/** The CPU backends zlx offers. */
public final class CpuBackends {
    private CpuBackends() {}

    /**
     * The Unicorn 2 backend (libunicorn.so.2 through FFM; needs --enable-native-access).
     *
     * @throws CpuException "libunicorn 2 is not installed: run 'apt-get install libunicorn2'"
     *     when the library cannot be loaded
     */
    public static CpuBackend unicorn() {
        return UnicornBackend.load();
    }
}
