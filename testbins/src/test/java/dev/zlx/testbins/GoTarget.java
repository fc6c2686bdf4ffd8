package dev.zlx.testbins;

/** The Go build targets: static Go binaries (CGO_ENABLED=0) for one ISA. */
enum GoTarget implements BuildTarget {
    X86_64("x86_64-go", "x86_64"),
    AARCH64("aarch64-go", "aarch64");

    private final String dirName;
    private final String arch;

    GoTarget(String dirName, String arch) {
        this.dirName = dirName;
        this.arch = arch;
    }

    @Override
    public String dirName() {
        return dirName;
    }

    @Override
    public String arch() {
        return arch;
    }

    @Override
    public String toString() {
        return dirName;
    }
}
