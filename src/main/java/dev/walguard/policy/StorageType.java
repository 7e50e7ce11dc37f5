package dev.walguard.policy;

import java.util.Locale;
import java.util.Optional;

/** What kind of storage backs a volume, as far as SQLite WAL cares. */
public enum StorageType {
    /** Served by a network-shared filesystem: mmap and fcntl are not coherent across hosts. Unsafe. */
    NETWORK,
    /** A block device with a filesystem mounted by one node. Safe. */
    BLOCK,
    /** Node-local storage. Safe. */
    LOCAL,
    /** Could not be classified. */
    UNKNOWN;

    /** Parses {@code network}, {@code block} or {@code local} (the values an admin may annotate). */
    public static Optional<StorageType> parseAnnotated(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "network" -> Optional.of(NETWORK);
            case "block" -> Optional.of(BLOCK);
            case "local" -> Optional.of(LOCAL);
            default -> Optional.empty();
        };
    }
}
