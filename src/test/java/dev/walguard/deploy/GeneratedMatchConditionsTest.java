package dev.walguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.walguard.policy.ImageCatalogue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The chart's {@code _matchconditions.tpl} and the matchConditions in deploy/ are what {@link GeneratedMatchConditions}
 * makes of images.yaml, so adding an app to the catalogue cannot silently leave the API server filtering it out. With
 * {@code -Dwalguard.regenerate-docs=true} the test writes both files instead of failing.
 */
class GeneratedMatchConditionsTest {

    static final Path TEMPLATE = Charts.CHART.resolve("templates/_matchconditions.tpl");
    static final Path DEPLOY = Charts.DEPLOY.resolve("60-validatingwebhookconfiguration.yaml");

    private static final boolean REGENERATE = Boolean.getBoolean("walguard.regenerate-docs");

    @Test
    void theChartsHelperTemplateIsTheGeneratedOne() throws IOException {
        String generated = GeneratedMatchConditions.helperTemplate(ImageCatalogue.standard());
        if (REGENERATE) {
            Files.writeString(TEMPLATE, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(TEMPLATE, StandardCharsets.UTF_8))
                .as(
                        "%s differs from what images.yaml generates; regenerate it with %s",
                        TEMPLATE, GeneratedMatchConditions.REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    void theDeployFilesMatchConditionsAreTheGeneratedOnes() throws IOException {
        String current = Files.readString(DEPLOY, StandardCharsets.UTF_8);
        String generated = GeneratedMatchConditions.deployFile(current, ImageCatalogue.standard());
        if (REGENERATE) {
            Files.writeString(DEPLOY, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(DEPLOY, StandardCharsets.UTF_8))
                .as(
                        "%s differs from what images.yaml generates; regenerate it with %s",
                        DEPLOY, GeneratedMatchConditions.REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    void aDeployFileWithoutTheMarkersIsNotRewritten() {
        assertThatThrownBy(() -> GeneratedMatchConditions.deployFile("kind: X\n", ImageCatalogue.standard()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the deploy file has no region between '" + GeneratedMatchConditions.BEGIN + "' and '"
                        + GeneratedMatchConditions.END + "'");
    }
}
