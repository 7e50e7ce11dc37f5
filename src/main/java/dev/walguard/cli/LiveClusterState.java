package dev.walguard.cli;

import dev.walguard.cluster.NodeObservationKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads what the rules look up from a live cluster, once, with list calls only. */
final class LiveClusterState {

    private LiveClusterState() {}

    /** @param kubeconfig a kubeconfig path, or "" for the default one */
    static List<HasMetadata> read(String kubeconfig, String context) throws IOException {
        Config config = kubeconfig.isEmpty()
                ? Config.autoConfigure(context)
                : Config.fromKubeconfig(context, Path.of(kubeconfig).toFile());
        try (KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build()) {
            List<HasMetadata> out = new ArrayList<>();
            out.addAll(client.storage().v1().storageClasses().list().getItems());
            out.addAll(client.persistentVolumes().list().getItems());
            out.addAll(client.persistentVolumeClaims().inAnyNamespace().list().getItems());
            out.addAll(client.namespaces().list().getItems());
            out.addAll(client.pods().inAnyNamespace().list().getItems());
            out.addAll(client.apps().replicaSets().inAnyNamespace().list().getItems());
            out.addAll(client.batch().v1().jobs().inAnyNamespace().list().getItems());
            out.addAll(nodeObservations(client));
            return out;
        }
    }

    /** The node agent's NodeObservations; none where its CRD is not installed (404) or may not be listed (403). */
    private static List<GenericKubernetesResource> nodeObservations(KubernetesClient client) {
        try {
            return client.genericKubernetesResources(NodeObservationKind.CONTEXT)
                    .list()
                    .getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 403) {
                return List.of();
            }
            throw e;
        }
    }
}
