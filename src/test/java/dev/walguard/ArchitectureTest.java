package dev.walguard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layering the README's layout table describes, enforced. Arrows point only downward:
 *
 * <pre>
 * app        wiring: CDI producers, configuration, readiness, main       → everything
 * http       JAX-RS resources and request guards                          → admission, audit
 * cli        scan                                                         → cluster, policy
 * agent      node-scan, node-agent: mounts, volumes, SQLite headers       → cluster, policy
 * audit      background evaluation, reports, Events                       → cluster, policy
 * admission  AdmissionReview in, response out                             → policy
 * cluster    offline and informer adapters of the policy's ClusterView    → policy
 * policy     rules, classification, identity, the ClusterView port        → (JDK, fabric8 model, Jackson)
 * </pre>
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.walguard");

    @Test
    void layersOnlyDependDownward() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("app")
                .definedBy("dev.walguard.app..")
                .layer("http")
                .definedBy("dev.walguard.http..")
                .layer("cli")
                .definedBy("dev.walguard.cli..")
                .layer("agent")
                .definedBy("dev.walguard.agent..")
                .layer("audit")
                .definedBy("dev.walguard.audit..")
                .layer("admission")
                .definedBy("dev.walguard.admission..")
                .layer("cluster")
                .definedBy("dev.walguard.cluster..")
                .layer("policy")
                .definedBy("dev.walguard.policy..")
                .whereLayer("app")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("http")
                .mayOnlyBeAccessedByLayers("app")
                .whereLayer("cli")
                .mayOnlyBeAccessedByLayers("app")
                .whereLayer("agent")
                .mayOnlyBeAccessedByLayers("app")
                .whereLayer("audit")
                .mayOnlyBeAccessedByLayers("app", "http")
                .whereLayer("admission")
                .mayOnlyBeAccessedByLayers("app", "http")
                .whereLayer("cluster")
                .mayOnlyBeAccessedByLayers("app", "audit", "cli", "agent")
                .whereLayer("policy")
                .mayOnlyBeAccessedByLayers("app", "http", "cli", "agent", "audit", "admission", "cluster")
                .check(MAIN);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.walguard.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void policyDependsOnlyOnTheJdkTheFabric8ModelAndJackson() {
        classes()
                .that()
                .resideInAPackage("dev.walguard.policy..")
                .should()
                .onlyDependOnClassesThat(DescribedPredicate.describe(
                        "JDK, fabric8 model or Jackson",
                        c -> c.getPackageName().startsWith("java.")
                                || c.getPackageName().startsWith("io.fabric8.kubernetes.api.model")
                                || c.getPackageName().startsWith("com.fasterxml.jackson.annotation")
                                || c.getPackageName().startsWith("com.fasterxml.jackson.databind")
                                || c.getPackageName().startsWith("com.fasterxml.jackson.core")
                                || c.getPackageName().startsWith("com.fasterxml.jackson.dataformat.yaml")
                                || c.getPackageName().startsWith("dev.walguard.policy")
                                || c.isPrimitive()
                                || c.isArray()))
                .check(MAIN);
    }

    @Test
    void configurationAndProducersLiveOnlyInTheWiringPackage() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.walguard.app..")
                .should()
                .beAnnotatedWith("io.smallrye.config.ConfigMapping")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("jakarta.enterprise.inject.Produces")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("org.eclipse.microprofile.health.Readiness")
                .check(MAIN);
    }

    @Test
    void onlyTheHttpPackageUsesJaxRs() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.walguard.http..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("jakarta.ws.rs..", "org.jboss.resteasy..")
                .check(MAIN);
    }

    @Test
    void theHttpResourceOnlyDelegatesToTheAdmissionTranslation() {
        noClasses()
                .that()
                .resideInAPackage("dev.walguard.http..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.walguard.policy..", "dev.walguard.cluster..")
                .check(MAIN);
    }
}
