package dev.walguard.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What walguard knows about storage drivers (CSI drivers, external and in-tree provisioners), read from
 * {@code drivers.yaml} next to this class; {@code docs/storage-drivers.md} is generated from the same file. Drivers
 * whose answer depends on parameters are decided by {@link MixedDriverDeciders}.
 */
final class DriverCatalog {

    /**
     * A classification with the phrase that explains it. A {@code fallback} answer is a mixed driver's default when
     * nothing it reads decides (e.g. "Portworx volumes are block unless the class says otherwise"): it holds for the
     * parameters of a StorageClass, but not for a PersistentVolume alone, whose attributes need not repeat the
     * class's deciding parameter; the classifier then reads the class, and without one the volume is unknown.
     */
    record Answer(StorageType type, String reason, boolean fallback) {

        Answer(StorageType type, String reason) {
            this(type, reason, false);
        }

        /** A mixed driver's default, see {@link Answer}. */
        static Optional<Answer> byDefault(StorageType type, String reason) {
            return Optional.of(new Answer(type, reason, true));
        }
    }

    private record Entry(String product, Function<DriverFacts, Optional<Answer>> decide) {}

    /** Read on first use, once per JVM; a malformed file fails this class's initialisation, loudly. */
    private static final class Standard {
        static final DriverCatalog CATALOG =
                new DriverCatalog(DriverEntry.read(DriverCatalog.class.getResource("drivers.yaml")));
    }

    /** Exact names, looked up by hash: admission classifies every volume, so this stays off the regex path. */
    private final Map<String, Entry> exact = new HashMap<>();
    /** Glob patterns with their entries, in file order; tried when no exact name matches. */
    private final List<Map.Entry<DriverPattern, Entry>> globs = new ArrayList<>();

    static DriverCatalog standard() {
        return Standard.CATALOG;
    }

    /** Fails when a mixed entry has no decider in {@link MixedDriverDeciders}, or a decider no mixed entry. */
    DriverCatalog(List<DriverEntry> entries) {
        Set<String> unusedDeciders = new HashSet<>(MixedDriverDeciders.BY_PRODUCT.keySet());
        for (DriverEntry e : entries) {
            String product = e.product();
            Function<DriverFacts, Optional<Answer>> decide = switch (e.type()) {
                case NETWORK ->
                    f -> Optional.of(new Answer(StorageType.NETWORK, "driver " + f.driver() + " serves " + product));
                case BLOCK ->
                    f -> Optional.of(new Answer(
                            StorageType.BLOCK, "driver " + f.driver() + " is " + product + ", a block device"));
                case LOCAL ->
                    f -> Optional.of(new Answer(
                            StorageType.LOCAL, "driver " + f.driver() + " is " + product + ", node-local storage"));
                case MIXED -> {
                    unusedDeciders.remove(product);
                    yield Optional.ofNullable(MixedDriverDeciders.BY_PRODUCT.get(product))
                            .orElseThrow(() -> new IllegalStateException("drivers.yaml lists " + product
                                    + " as mixed, but MixedDriverDeciders has no decider for it"));
                }
            };
            Entry entry = new Entry(product, decide);
            for (String name : e.names()) {
                DriverPattern p = DriverPattern.of(name);
                if (p.literal() != null) {
                    exact.put(p.literal(), entry);
                } else {
                    globs.add(Map.entry(p, entry));
                }
            }
        }
        if (!unusedDeciders.isEmpty()) {
            throw new IllegalStateException(
                    "MixedDriverDeciders decides " + unusedDeciders + ", which drivers.yaml does not list as mixed");
        }
    }

    /**
     * Classifies by driver name and facts: first the signals that reveal a network filesystem whatever the driver,
     * then the catalog. Empty when the driver is unknown and no signal answers.
     */
    Optional<Answer> classify(DriverFacts facts) {
        Optional<Answer> known = facts.driver() == null ? Optional.empty() : catalogAnswer(facts);
        if (known.isPresent() && known.get().type() == StorageType.NETWORK) {
            return known; // the catalog's words name the product, which reads better than a raw parameter
        }
        Optional<Answer> signal = NetworkSignals.of(facts);
        if (signal.isPresent()) {
            return signal;
        }
        if (known.isPresent()) {
            return known.map(a -> notShared(a, facts));
        }
        return facts.driver() == null ? known : NetworkSignals.ofName(facts.driver());
    }

    /**
     * A block device or node-local filesystem cannot be mounted read-write on several nodes; a driver that accepts a
     * ReadWriteMany filesystem claim anyway serves it through some shared layer walguard cannot see (LINSTOR and
     * Portworx start an NFS server, local-path needs a shared mount). Unknown, never block or local.
     */
    private static Answer notShared(Answer a, DriverFacts facts) {
        if ((a.type() == StorageType.BLOCK || a.type() == StorageType.LOCAL) && facts.sharedFilesystem()) {
            return new Answer(
                    StorageType.UNKNOWN,
                    a.reason() + ", yet the claim asks ReadWriteMany on a filesystem, "
                            + "which only a shared filesystem serves",
                    a.fallback());
        }
        return a;
    }

    /** The product name of a driver in the catalog (e.g. "NetApp Trident"), when it is one. */
    Optional<String> product(String driver) {
        return driver == null ? Optional.empty() : entry(driver).map(Entry::product);
    }

    private Optional<Answer> catalogAnswer(DriverFacts facts) {
        return entry(facts.driver()).flatMap(e -> e.decide().apply(facts));
    }

    private Optional<Entry> entry(String driver) {
        Entry entry = exact.get(driver.toLowerCase(Locale.ROOT));
        if (entry != null) {
            return Optional.of(entry);
        }
        for (Map.Entry<DriverPattern, Entry> glob : globs) {
            if (glob.getKey().matches(driver)) {
                return Optional.of(glob.getValue());
            }
        }
        return Optional.empty();
    }
}
