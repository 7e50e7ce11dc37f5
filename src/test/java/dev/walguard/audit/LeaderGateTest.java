package dev.walguard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two replicas, each with its own client, stand for the audit Lease on one API server: exactly one writes. */
class LeaderGateTest {

    private static final LeaderGate.Timing FAST =
            new LeaderGate.Timing(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(200));

    private final KubernetesMockServer server = MockServers.crud();
    private final KubernetesClient clientA = MockServers.client(server);
    private final KubernetesClient clientB = MockServers.client(server);
    private final AtomicInteger startsA = new AtomicInteger();
    private final AtomicInteger startsB = new AtomicInteger();
    private final LeaderGate a = new LeaderGate(clientA, "walguard", "replica-a", FAST, startsA::incrementAndGet);
    private final LeaderGate b = new LeaderGate(clientB, "walguard", "replica-b", FAST, startsB::incrementAndGet);

    @AfterEach
    void close() {
        a.close();
        b.close();
        clientA.close();
        clientB.close();
        server.destroy();
    }

    @Test
    void exactlyOneOfTwoReplicasLeadsAndTheOtherTakesOverWhenItLeaves() {
        a.start();
        b.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.isLeader() || b.isLeader());
        // For longer than a lease (2 s) and over several renewals (retry 0.2 s): never both, never a change of
        // leader. The start count catches a change and change back, too brief for the polling or undone in time.
        boolean aLeads = a.isLeader();
        await().during(FAST.lease().plus(FAST.retry().multipliedBy(2)))
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> a.isLeader() == aLeads && b.isLeader() == !aLeads);
        assertThat(startsA.get() + startsB.get()).isEqualTo(1);
        Lease lease = clientA.leases()
                .inNamespace("walguard")
                .withName(LeaderGate.LEASE)
                .get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(aLeads ? "replica-a" : "replica-b");

        // The leader shuts down and releases the Lease: the other one takes over.
        LeaderGate leader = aLeads ? a : b;
        LeaderGate other = aLeads ? b : a;
        String otherIdentity = aLeads ? "replica-b" : "replica-a";
        leader.close();
        await().atMost(Duration.ofSeconds(10)).until(other::isLeader);
        assertThat(leader.isLeader()).isFalse();
        assertThat(clientA.leases()
                        .inNamespace("walguard")
                        .withName(LeaderGate.LEASE)
                        .get()
                        .getSpec()
                        .getHolderIdentity())
                .isEqualTo(otherIdentity);
    }
}
