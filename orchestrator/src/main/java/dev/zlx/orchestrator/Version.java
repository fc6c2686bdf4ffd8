package dev.zlx.orchestrator;

import picocli.CommandLine.IVersionProvider;

/** What `zlx --version` prints. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"zlx " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (Java " + Runtime.version() + ")"};
    }
}
