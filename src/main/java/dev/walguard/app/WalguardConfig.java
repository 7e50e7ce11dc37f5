package dev.walguard.app;

import dev.walguard.policy.Detection;
import dev.walguard.policy.Exceptions;
import dev.walguard.policy.Mode;
import dev.walguard.policy.RollbackJournal;
import dev.walguard.policy.UnknownStorage;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

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

    /** images: workloads without the annotation that run a catalogued SQLite image are evaluated; off: not. */
    @WithDefault("images")
    Detection detect();

    /** warn: WAL007 (a detected rollback-journal database on a network filesystem) warns; deny: it denies. */
    @WithDefault("warn")
    RollbackJournal rollbackJournal();

    /** Which rules walguard.dev/ignore may set aside: warnings (rules that only warn), all, or none. */
    @WithDefault("warnings")
    Exceptions exceptions();

    /**
     * Read the node agent's NodeObservations (docs/node-agent.md) from the API server: a volume or host path observed
     * on a network filesystem is WAL001, a live WAL database on an unchecked network volume WAL008.
     */
    @WithDefault("false")
    boolean nodeObservations();

    Storage storage();

    /** A directory or file of manifests to use instead of an API server (the offline cluster view). */
    Optional<String> clusterState();

    Audit audit();

    Http http();

    Admission admission();

    /** The webhook port's limits beyond Quarkus' own ({@code quarkus.http.limits.*}); docs/http-interface.md. */
    interface Http {
        /** Request bodies in flight at once, all connections together; beyond it 503. At least 7M. */
        @WithDefault("64M")
        MemorySize inFlightBodyBudget();

        /** From a request's headers to the end of its body; a slower request is cut off. */
        @WithDefault("10s")
        Duration bodyReadDeadline();
    }

    /** The pool that evaluates reviews. */
    interface Admission {
        /** Default: two per core. */
        OptionalInt threads();

        /** Reviews waiting for a thread; beyond it 503. */
        @WithDefault("256")
        int queue();

        /** The liveness check is DOWN when its canned review is not answered within this. */
        @WithDefault("2s")
        Duration livenessTimeout();
    }

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
