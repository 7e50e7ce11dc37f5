package dev.walguard.cluster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.walguard.http.Management;
import dev.walguard.policy.ClusterView;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableBean;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * With {@code walguard.cluster-state} set, nothing of the live view exists: after startup and a round of
 * admissions, neither a Kubernetes client nor a LiveClusterView has been created, so no API server can have been
 * contacted.
 */
@QuarkusTest
@TestProfile(OfflineClusterViewTest.Offline.class)
class OfflineClusterViewTest {

    public static class Offline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "walguard.cluster-state", "examples/cluster", "%test.walguard.cluster-state", "examples/cluster");
        }
    }

    @Inject
    ClusterView view;

    @Test
    void theOfflineViewAnswersAndNoServerIsContacted() throws IOException {
        assertThat(view).isInstanceOf(SnapshotClusterView.class);
        Management.given().get("/q/health/ready").then().statusCode(200);
        try (Stream<Path> reviews = Files.list(Path.of("examples/reviews"))) {
            for (Path review : reviews.sorted().toList()) {
                given().contentType(ContentType.JSON)
                        .body(Files.readAllBytes(review))
                        .post("/validate")
                        .then()
                        .statusCode(200);
            }
        }
        assertThat(createdBeans(ApplicationScoped.class)).noneMatch(OfflineClusterViewTest::isClient);
        assertThat(createdBeans(Singleton.class)).noneMatch(OfflineClusterViewTest::isClient);
    }

    static Stream<InjectableBean<?>> createdBeans(Class<? extends java.lang.annotation.Annotation> scope) {
        return Arc.container().getActiveContext(scope).getState().getContextualInstances().keySet().stream();
    }

    static boolean isClient(InjectableBean<?> bean) {
        return bean.getTypes().contains(KubernetesClient.class) || bean.getBeanClass() == LiveClusterView.class;
    }
}
