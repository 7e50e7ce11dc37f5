package dev.walguard.agent;

import picocli.CommandLine;

/** The version from the jar manifest, or "dev" when run from classes. */
public final class AgentVersion implements CommandLine.IVersionProvider {

    public static String version() {
        String v = AgentVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"walguard " + version()};
    }
}
