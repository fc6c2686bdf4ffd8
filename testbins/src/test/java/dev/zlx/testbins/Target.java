package dev.zlx.testbins;

/** The C build targets: one ISA and C library each. */
enum Target implements BuildTarget {
    X86_64_GLIBC("x86_64-glibc", "x86_64"),
    X86_64_MUSL("x86_64-musl", "x86_64"),
    AARCH64_GLIBC("aarch64-glibc", "aarch64");

    private final String dirName;
    private final String arch;

    Target(String dirName, String arch) {
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
