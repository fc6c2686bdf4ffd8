package dev.zlx.kernel.testing;

import dev.zlx.abi.Arch;
import dev.zlx.cpu.AddressSpace;
import dev.zlx.cpu.CpuBackend;
import dev.zlx.cpu.CpuFeatures;
import dev.zlx.cpu.SharedMemory;

/** A {@link CpuBackend} that hands out {@link FakeAddressSpace}s: every arch, no code runs. */
public final class FakeCpuBackend implements CpuBackend {
    @Override
    public String name() {
        return "fake";
    }

    @Override
    public boolean supports(Arch arch) {
        return true;
    }

    @Override
    public AddressSpace createAddressSpace(Arch arch) {
        return new FakeAddressSpace(arch);
    }

    @Override
    public SharedMemory createSharedMemory(long size) {
        return new FakeSharedMemory(size);
    }

    @Override
    public CpuFeatures features(Arch arch) {
        return new CpuFeatures(0, 0, arch.cliName(), "fake CPU");
    }
}
