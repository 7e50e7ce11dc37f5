package dev.walguard.cluster;

import dev.walguard.config.WalguardConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;

/** Chooses the cluster view: the offline files when {@code walguard.cluster-state} is set, else the API server. */
@ApplicationScoped
public class ClusterViewProducer {

    @Produces
    @Singleton
    ClusterView clusterView(WalguardConfig config) {
        if (config.clusterState().isPresent()) {
            Path path = Path.of(config.clusterState().get());
            List<ManifestReader.Manifest> manifests = new ManifestReader().read(path);
            Log.infof("Offline cluster view: %d objects from %s; no API server is contacted", manifests.size(), path);
            return new SnapshotClusterView(manifests.stream().map(ManifestReader.Manifest::object).toList());
        }
        throw new IllegalStateException("walguard.cluster-state (WALGUARD_CLUSTER_STATE) is not set, and this build "
                + "has no live cluster view yet: point it at a directory of manifests");
    }
}
