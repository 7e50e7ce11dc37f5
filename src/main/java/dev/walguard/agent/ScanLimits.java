package dev.walguard.agent;

import java.time.Duration;

/**
 * How far database discovery may go in one volume. A budget, not a full walk: a volume of ten million files on NFS
 * costs at most {@code maxEntries} directory entries (one lstat each), {@code maxProbes} 100-byte reads and
 * {@code timeBudget}, whichever runs out first, and the result says which one did.
 *
 * @param maxDepth directory levels below the volume's root that are searched (the root is level 0)
 * @param maxEntriesPerDirectory entries read from one directory; the rest of a larger one is skipped
 * @param maxEntries entries looked at in the whole volume
 * @param maxProbes candidate files whose header is read
 * @param maxDatabases databases reported per volume
 * @param timeBudget wall-clock time per volume
 */
public record ScanLimits(
        int maxDepth,
        int maxEntriesPerDirectory,
        int maxEntries,
        int maxProbes,
        int maxDatabases,
        Duration timeBudget) {

    public static final ScanLimits DEFAULT = new ScanLimits(8, 10_000, 200_000, 2_000, 32, Duration.ofSeconds(5));

    public ScanLimits {
        if (maxDepth < 0 || maxEntriesPerDirectory < 1 || maxEntries < 1 || maxProbes < 0 || maxDatabases < 0) {
            throw new IllegalArgumentException("the scan limits cannot be negative (and entry limits not zero): "
                    + "use a positive --max-depth, --max-entries-per-directory, --max-entries and --max-probes");
        }
        if (timeBudget.isNegative() || timeBudget.isZero()) {
            throw new IllegalArgumentException("the time budget per volume must be positive");
        }
    }
}
