package dev.walguard.policy;

import java.util.List;
import java.util.Optional;

/** Admin-configured driver patterns ({@code walguard.storage.network/block/local}); they win over the catalog. */
public record StoragePatterns(List<DriverPattern> network, List<DriverPattern> block, List<DriverPattern> local) {

    public static final StoragePatterns NONE = new StoragePatterns(List.of(), List.of(), List.of());

    public StoragePatterns {
        network = List.copyOf(network);
        block = List.copyOf(block);
        local = List.copyOf(local);
    }

    public static StoragePatterns of(List<String> network, List<String> block, List<String> local) {
        return new StoragePatterns(DriverPattern.list(network), DriverPattern.list(block), DriverPattern.list(local));
    }

    /** The configured type of a driver and the pattern that matched it. */
    Optional<Match> match(String driver) {
        for (DriverPattern p : network) {
            if (p.matches(driver)) {
                return Optional.of(new Match(StorageType.NETWORK, "walguard.storage.network", p));
            }
        }
        for (DriverPattern p : block) {
            if (p.matches(driver)) {
                return Optional.of(new Match(StorageType.BLOCK, "walguard.storage.block", p));
            }
        }
        for (DriverPattern p : local) {
            if (p.matches(driver)) {
                return Optional.of(new Match(StorageType.LOCAL, "walguard.storage.local", p));
            }
        }
        return Optional.empty();
    }

    record Match(StorageType type, String setting, DriverPattern pattern) {}
}
