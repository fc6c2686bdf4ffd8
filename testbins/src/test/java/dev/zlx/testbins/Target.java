package dev.zlx.testbins;

import java.nio.file.Path;

/** A build target of the testbins Makefile: a directory of static binaries for one ISA and C library. */
enum Target {
    X86_64_GLIBC("x86_64-glibc", "x86_64"),
    X86_64_MUSL("x86_64-musl", "x86_64"),
    AARCH64_GLIBC("aarch64-glibc", "aarch64");

    private final String dirName;
    private final String arch;

    Target(String dirName, String arch) {
        this.dirName = dirName;
        this.arch = arch;
    }

    /** The zlx {@code --arch} value and the {@code uname -m} machine name. */
    String arch() {
        return arch;
    }

    /** Whether the host can run this target's binaries without an emulator. */
    boolean runsNatively() {
        return arch.equals("x86_64");
    }

    /** Path of the program {@code name} built for this target; fails if the build did not produce it. */
    Path binary(String name) {
        return TestPaths.testBinary(dirName, name);
    }

    @Override
    public String toString() {
        return dirName;
    }
}
