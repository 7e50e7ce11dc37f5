package dev.walguard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the audit's workload stores keep: marked workloads only, and bare pods only when their slim form is exact. */
class WorkloadStoresTest {

    private static MarkedWorkloadItemStore<Deployment> deployments() {
        return new MarkedWorkloadItemStore<>(WorkloadKind.DEPLOYMENTS);
    }

    @Test
    void onlyMarkedWorkloadsAreKeptWithoutStatusAndManagedFields() {
        MarkedWorkloadItemStore<Deployment> store = deployments();
        Deployment marked = new DeploymentBuilder(Fixtures.deployment("apps", "db", "data", 1000))
                .editMetadata()
                .addNewManagedField()
                .withManager("kubectl")
                .endManagedField()
                .endMetadata()
                .withNewStatus()
                .withReplicas(1)
                .endStatus()
                .build();
        Deployment unmarked = new DeploymentBuilder(Fixtures.deployment("apps", "web", "data", 1000))
                .editMetadata()
                .withAnnotations(Map.of())
                .endMetadata()
                .build();
        store.put("apps/db", marked);
        store.put("apps/web", unmarked);
        assertThat(store.list()).extracting(d -> d.getMetadata().getName()).containsExactly("db");
        assertThat(store.get("apps/db").getStatus()).isNull();
        assertThat(store.get("apps/db").getMetadata().getManagedFields()).isNull();
        assertThat(store.get("apps/db").getSpec().getTemplate().getSpec().getVolumes())
                .hasSize(1);

        // Unmarked on its next update: dropped.
        store.put(
                "apps/db",
                new DeploymentBuilder(marked)
                        .editMetadata()
                        .withAnnotations(Map.of(Fixtures.MARK, "false"))
                        .endMetadata()
                        .build());
        assertThat(store.size()).isZero();
    }

    @Test
    void bareMarkedReplicaSetsAreKeptWholeControlledOnesOnlyAsOwners() {
        OwnerOnlyItemStore<ReplicaSet> store =
                new OwnerOnlyItemStore<>(ReplicaSet::new, new WeakInterner(), WorkloadKind.REPLICA_SETS);
        Deployment owner = Fixtures.deployment("apps", "db", "data", 1000);
        ReplicaSet bare = new ReplicaSetBuilder()
                .withNewMetadata()
                .withNamespace("apps")
                .withName("bare")
                .withAnnotations(Map.of(Fixtures.MARK, "true"))
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withSpec(Fixtures.podSpec("data", 1000))
                .endTemplate()
                .endSpec()
                .build();
        ReplicaSet owned = new ReplicaSetBuilder(bare)
                .editMetadata()
                .withName("owned")
                .withOwnerReferences(Fixtures.controller(owner))
                .endMetadata()
                .build();
        store.put("apps/bare", bare);
        store.put("apps/owned", owned);
        List<HasMetadata> whole = store.uncontrolledMarked();
        assertThat(whole).extracting(o -> o.getMetadata().getName()).containsExactly("bare");
        assertThat(store.controllerOf("apps/owned")).isPresent();
    }

    @Test
    void bareMarkedPodsAreAuditedOnlyWhenTheSlimFormLosesNothingThatMatters() {
        SlimPodItemStore store = new SlimPodItemStore(new WeakInterner());
        Pod onClaim = Fixtures.pod("apps", "a", "data", 1000, null);
        Pod withConfigMap = new PodBuilder(Fixtures.pod("apps", "b", "data", 1000, null))
                .editSpec()
                .addNewVolume()
                .withName("cfg")
                .withNewConfigMap()
                .withName("cfg")
                .endConfigMap()
                .endVolume()
                .endSpec()
                .build();
        Pod withInlineNfs = new PodBuilder(Fixtures.pod("apps", "c", "data", 1000, null))
                .editSpec()
                .addNewVolume()
                .withName("share")
                .withNewNfs()
                .withServer("nas")
                .withPath("/x")
                .endNfs()
                .endVolume()
                .endSpec()
                .build();
        Pod owned = Fixtures.pod("apps", "d", "data", 1000, Fixtures.deployment("apps", "db", "data", 1000));
        for (Pod p : List.of(onClaim, withConfigMap, withInlineNfs, owned)) {
            store.put("apps/" + p.getMetadata().getName(), p);
        }
        assertThat(store.bareMarkedPods())
                .extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder("a", "b");
    }
}
