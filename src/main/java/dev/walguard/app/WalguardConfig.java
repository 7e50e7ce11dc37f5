package dev.walguard.app;

import dev.walguard.policy.Mode;
import dev.walguard.policy.UnknownStorage;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** walguard's settings: {@code application.properties} or the usual environment variables (WALGUARD_MODE, ...). */
@ConfigMapping(prefix = "walguard")
public interface WalguardConfig {

    /** Global mode: enforce, audit or off. A namespace label {@code walguard.dev/mode} overrides it. */
    @WithDefault("enforce")
    Mode mode();

    /** Namespaces never evaluated. */
    @WithDefault("kube-system,kube-public,kube-node-lease")
    List<String> exemptNamespaces();

    /** warn: WAL003 is a warning; deny: WAL003 is a violation. */
    @WithDefault("warn")
    UnknownStorage unknownStorage();

    Storage storage();

    /** A directory or file of manifests to use instead of an API server (the offline cluster view). */
    Optional<String> clusterState();

    Audit audit();

    /** The background audit: every marked workload, evaluated at start, on changes and at an interval. */
    interface Audit {
        /** Off: no background evaluation, no workload informers, no reports, events or leader election. */
        @WithDefault("true")
        boolean enabled();

        /** The full pass that catches anything the change events missed. */
        @WithDefault("5m")
        Duration interval();

        /** How often changed namespaces are re-evaluated (changes within it are coalesced). */
        @WithDefault("1s")
        Duration debounce();

        /** Namespace of the {@code walguard-audit} Lease; default POD_NAMESPACE, else the client's namespace. */
        Optional<String> leaseNamespace();

        /** Most Kubernetes Events written per second, all workloads together. */
        @WithDefault("10")
        int eventsPerSecond();
    }

    /** Extra driver patterns (comma-separated, {@code *} glob), matched against provisioner and CSI driver names. */
    interface Storage {
        Optional<List<String>> network();

        Optional<List<String>> block();

        Optional<List<String>> local();
    }
}
