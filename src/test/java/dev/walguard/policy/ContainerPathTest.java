package dev.walguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContainerPathTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(
            nullValues = "null",
            value = {
                "/config/sonarr.db, /config/sonarr.db",
                "/scratch/../config/sonarr.db, /config/sonarr.db",
                "//config///./sonarr.db/, /config/sonarr.db",
                "/config/.., /",
                "/, /",
                "/a/b/../../.., null",
                "/../config, null",
                "/.../x, /.../x",
                "/a/..b/.c, /a/..b/.c"
            })
    void aDatabasePathIsResolved(String path, String expected) {
        java.util.List<String> segments = ContainerPath.segments(path);

        assertThat(segments == null ? null : ContainerPath.join(segments)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "mountPath {0} is {1}")
    @CsvSource({
        "/config/, /config",
        "' /config ', /config",
        "/../config, /config",
        "/a/../../b/./, /b",
        "config, /config"
    })
    void aMountPathIsResolvedInsideTheContainerRoot(String mountPath, String expected) {
        assertThat(ContainerPath.join(ContainerPath.mountSegments(mountPath))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/config", "/c/o/n/f/i/g"})
    void aMillionSlashesCostOnePass(String prefix) {
        String path = prefix + "/".repeat(1_000_000) + "sonarr.db" + "/.".repeat(500_000);

        assertThat(ContainerPath.join(ContainerPath.segments(path))).isEqualTo(prefix + "/sonarr.db");
    }
}
