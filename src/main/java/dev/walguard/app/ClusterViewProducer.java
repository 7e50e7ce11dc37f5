package dev.walguard.app;

import dev.walguard.cluster.ClusterSource;
import dev.walguard.cluster.LiveClusterView;
import dev.walguard.cluster.ManifestReader;
import dev.walguard.cluster.SnapshotClusterView;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;

/**
 * Chooses the cluster view: the offline files when {@code walguard.cluster-state} is set, else the live view on the
 * API server (in-cluster service account or kubeconfig, as the Quarkus Kubernetes client finds them). In offline
 * mode neither the client nor any informer is created. The produced bean is also the {@code ClusterView} the policy
 * reads.
 */
@ApplicationScoped
public class ClusterViewProducer {

    @Inject
    WalguardConfig config;

    @Inject
    Instance<KubernetesClient> client;

    @Produces
    @Singleton
    ClusterSource clusterSource() {
        if (config.clusterState().isPresent()) {
            Path path = Path.of(config.clusterState().get());
            List<ManifestReader.Manifest> manifests;
            try {
                // Refused when empty, unreadable or ambiguous: an empty view would allow what it should deny.
                manifests = new ManifestReader().read(path);
            } catch (ManifestReader.ManifestException e) {
                Log.errorf(
                        "walguard.cluster-state: %s; the webhook does not start without its cluster state",
                        e.getMessage());
                throw e;
            }
            Log.infof("Offline cluster view: %d objects from %s; no API server is contacted", manifests.size(), path);
            return new SnapshotClusterView(
                    manifests.stream().map(ManifestReader.Manifest::object).toList());
        }
        KubernetesClient kubernetes = client.get();
        Log.infof("Live cluster view on the Kubernetes API server %s", kubernetes.getMasterUrl());
        return new LiveClusterView(
                kubernetes,
                LiveClusterView.Options.defaults()
                        .withWorkloads(config.audit().enabled())
                        .withNodeObservations(config.nodeObservations()));
    }

    /** Starts the informers with the application, so the caches fill before the first request. */
    void start(@Observes StartupEvent event, ClusterSource source) {
        source.start();
    }

    void close(@Disposes ClusterSource source) {
        source.close();
    }
}
