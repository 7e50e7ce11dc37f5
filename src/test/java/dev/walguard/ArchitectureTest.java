package dev.walguard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering the README describes, enforced. */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.walguard");

    @Test
    void policyDependsOnlyOnTheJdkTheFabric8ModelAndTheClusterViewInterface() {
        classes().that().resideInAPackage("dev.walguard.policy..")
                .should().onlyDependOnClassesThat(
                        com.tngtech.archunit.base.DescribedPredicate.describe("JDK, fabric8 model, Jackson or ClusterView",
                                c -> c.getPackageName().startsWith("java.")
                                        || c.getPackageName().startsWith("io.fabric8.kubernetes.api.model")
                                        || c.getPackageName().startsWith("com.fasterxml.jackson.databind")
                                        || c.getPackageName().startsWith("com.fasterxml.jackson.core")
                                        || c.getPackageName().startsWith("dev.walguard.policy")
                                        || c.getFullName().equals("dev.walguard.cluster.ClusterView")
                                        || c.isPrimitive() || c.isArray()))
                .check(MAIN);
    }

    @Test
    void onlyTheHttpPackageUsesJaxRs() {
        noClasses().that().resideOutsideOfPackage("dev.walguard.http..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "org.jboss.resteasy..")
                .check(MAIN);
    }

    @Test
    void theHttpResourceOnlyDelegatesToTheAdmissionTranslation() {
        noClasses().that().resideInAPackage("dev.walguard.http..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.walguard.policy..", "dev.walguard.cluster..")
                .check(MAIN);
    }
}
