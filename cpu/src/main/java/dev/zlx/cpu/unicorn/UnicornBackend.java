package dev.zlx.cpu.unicorn;

import dev.zlx.abi.Arch;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.cpu.CpuBackend;
import dev.zlx.cpu.CpuFeatures;
import dev.zlx.cpu.SharedMemory;

/**
 * The Unicorn 2 backend. Public only so that {@code dev.zlx.cpu.CpuBackends} can reach it; use
 * {@code CpuBackends.unicorn()}, which returns it as a {@link CpuBackend}.
 */
public final class UnicornBackend implements CpuBackend {
    private volatile CpuFeatures x86;

    private UnicornBackend() {}

    /** Loads libunicorn.so.2; throws CpuException with a one-line message if it cannot. */
    public static CpuBackend load() {
        Uc.load();
        return new UnicornBackend();
    }

    @Override
    public String name() {
        return "unicorn";
    }

    @Override
    public boolean supports(Arch arch) {
        return arch == Arch.X86_64 || arch == Arch.AARCH64;
    }

    @Override
    public AddressSpace createAddressSpace(Arch arch) {
        return new UnicornAddressSpace(UnicornArch.of(arch));
    }

    @Override
    public SharedMemory createSharedMemory(long size) {
        return new UnicornSharedMemory(size);
    }

    @Override
    public CpuFeatures features(Arch arch) {
        if (arch == Arch.AARCH64) {
            return UnicornFeatures.AARCH64;
        }
        CpuFeatures f = x86;
        if (f == null) {
            f = UnicornFeatures.measureX86();
            x86 = f;
        }
        return f;
    }

    /** uc_version() as "major.minor.patch". */
    static String version() {
        int v = Uc.version();
        return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff);
    }
}
