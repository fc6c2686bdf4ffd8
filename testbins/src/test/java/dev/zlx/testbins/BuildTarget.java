package dev.zlx.testbins;

import java.nio.file.Path;

/** A build target of the testbins Makefile: a directory of static binaries for one ISA. */
interface BuildTarget {
    /** The directory under target/bin, also the test display name. */
    String dirName();

    /** The zlx {@code --arch} value and the {@code uname -m} machine name. */
    String arch();

    /** Whether the host can run this target's binaries without an emulator. */
    default boolean runsNatively() {
        return arch().equals("x86_64");
    }

    /** Path of the program {@code name} built for this target; fails if the build did not produce it. */
    default Path binary(String name) {
        return TestPaths.testBinary(dirName(), name);
    }
}
