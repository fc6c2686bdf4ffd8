package dev.zlx.abi;

/** The guest architectures zlx runs, with the facts of the ELF and uname ABI that name them. */
public enum Arch {
    X86_64("x86_64", 62, "x86_64"),
    AARCH64("aarch64", 183, "aarch64");

    private final String cliName;
    private final int elfMachine;
    private final String unameMachine;

    Arch(String cliName, int elfMachine, String unameMachine) {
        this.cliName = cliName;
        this.elfMachine = elfMachine;
        this.unameMachine = unameMachine;
    }

    /** The name used on the command line and in file names ("x86_64", "aarch64"). */
    public String cliName() {
        return cliName;
    }

    /** The ELF e_machine value (EM_X86_64 = 62, EM_AARCH64 = 183). */
    public int elfMachine() {
        return elfMachine;
    }

    /** What uname(2) reports in utsname.machine. */
    public String unameMachine() {
        return unameMachine;
    }

    /** The architecture with this ELF e_machine, or null. */
    public static Arch ofElfMachine(int machine) {
        for (Arch a : values()) {
            if (a.elfMachine == machine) {
                return a;
            }
        }
        return null;
    }

    /** The architecture with this command-line name, or null. */
    public static Arch ofCliName(String name) {
        for (Arch a : values()) {
            if (a.cliName.equals(name)) {
                return a;
            }
        }
        return null;
    }
}
