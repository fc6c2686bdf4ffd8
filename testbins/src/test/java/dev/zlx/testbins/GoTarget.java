package dev.zlx.testbins;

import java.nio.file.Path;

/** A Go build target of the testbins Makefile: static Go binaries (CGO_ENABLED=0) for one ISA. */
enum GoTarget {
    X86_64("x86_64-go", "x86_64"),
    AARCH64("aarch64-go", "aarch64");

    private final String dirName;
    private final String arch;

    GoTarget(String dirName, String arch) {
        this.dirName = dirName;
        this.arch = arch;
    }

    /** The zlx {@code --arch} value. */
    String arch() {
        return arch;
    }

    /** Whether the host can run this target's binaries without an emulator. */
    boolean runsNatively() {
        return arch.equals("x86_64");
    }

    /** Path of the Go program {@code name} built for this target. */
    Path binary(String name) {
        return TestPaths.testBinary(dirName, name);
    }

    @Override
    public String toString() {
        return dirName;
    }
}
