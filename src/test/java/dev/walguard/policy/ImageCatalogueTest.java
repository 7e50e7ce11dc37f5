package dev.walguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageCatalogueTest {

    private static final ImageCatalogue CATALOGUE = ImageCatalogue.standard();

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            lscr.io/linuxserver/sonarr:4.0.14                          | Sonarr
            docker.io/linuxserver/radarr:latest                        | Radarr
            index.docker.io/linuxserver/radarr                         | Radarr
            ghcr.io/home-operations/prowlarr:1.30@sha256:0123abcd      | Prowlarr
            GHCR.IO/Hotio/Bazarr:release                               | Bazarr
            grafana/grafana:11.4.0                                     | Grafana
            docker.io/grafana/grafana-oss                              | Grafana
            grafana/grafana-image-renderer:latest                      | none
            docker.io/library/nextcloud:30-apache                      | Nextcloud (official image)
            nextcloud                                                  | Nextcloud (official image)
            library/nextcloud                                          | Nextcloud (official image)
            ghcr.io/home-assistant/raspberrypi4-homeassistant:stable   | Home Assistant
            ghcr.io/home-assistant/home-assistant:2024.12              | Home Assistant
            vaultwarden/server:1.32.7-alpine                           | Vaultwarden
            louislam/uptime-kuma:1                                     | Uptime Kuma
            henrygd/beszel:0.9                                         | Beszel (hub)
            henrygd/beszel-agent:0.9                                   | none
            localhost:5000/linuxserver/sonarr                          | none
            postgres:16                                                | none
            docker.io/library/postgres:16-alpine                       | none
            mysql:8                                                    | none
            redis:7                                                    | none
            mongo:7                                                    | none
            nginx:1.27                                                 | none
            minio/minio:latest                                         | none
            quay.io/minio/minio                                        | none
            ''                                                         | none
            """)
    void imagesAreMatchedOnTheirWholeRepositoryName(String image, String app) {
        assertThat(CATALOGUE.match(image).map(SqliteApp::name)).isEqualTo(Optional.ofNullable(app));
    }

    @Test
    void anImageReferenceLongerThanAnyRegistryAcceptsIsNotLookedUp() {
        assertThat(CATALOGUE.match("lscr.io/linuxserver/sonarr:" + "a".repeat(ImageCatalogue.MAX_IMAGE_LENGTH)))
                .isEmpty();
    }

    @Test
    void everyCatalogueEntryCitesSourcesAndKnowsItsDatabases() {
        assertThat(CATALOGUE.apps()).hasSizeGreaterThanOrEqualTo(40);
        for (SqliteApp app : CATALOGUE.apps()) {
            assertThat(app.sources()).as(app.name()).isNotEmpty().allMatch(s -> s.startsWith("https://"));
            assertThat(app.databases()).as(app.name()).isNotEmpty().allMatch(d -> d.startsWith("/"));
        }
    }

    @Test
    void theInfrastructureImagesOfTheIssueAreCheckedAndLeftOut() {
        assertThat(CATALOGUE.notDetected()).contains("postgres", "mysql", "redis", "mongo", "nginx", "minio/minio");
    }

    @ParameterizedTest(name = "{0} with {1}={2} runs {3}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            grafana/grafana            | none                      | none                         | ROLLBACK
            grafana/grafana            | GF_DATABASE_WAL           | true                         | WAL
            grafana/grafana            | GF_DATABASE_WAL           | false                        | ROLLBACK
            grafana/grafana            | GF_DATABASE_TYPE          | postgres                     | none
            grafana/grafana            | GF_DATABASE_TYPE          | sqlite3                      | ROLLBACK
            grafana/grafana            | GF_DATABASE_URL           | postgres://u:p@db:5432/gf    | none
            vaultwarden/server         | none                      | none                         | WAL
            vaultwarden/server         | ENABLE_DB_WAL             | false                        | ROLLBACK
            vaultwarden/server         | DATABASE_URL              | postgresql://vw@db/vw        | none
            vaultwarden/server         | DATABASE_URL              | /data/db.sqlite3             | WAL
            lscr.io/linuxserver/sonarr | SONARR__POSTGRES__HOST    | pg.db.svc                    | none
            lscr.io/linuxserver/sonarr | Sonarr__Postgres__Host    | pg.db.svc                    | none
            lscr.io/linuxserver/sonarr | SONARR__POSTGRES__HOST    | ''                           | WAL
            n8nio/n8n                  | DB_TYPE                   | postgresdb                   | none
            n8nio/n8n                  | DB_SQLITE_POOL_SIZE       | 0                            | ROLLBACK
            n8nio/n8n                  | DB_SQLITE_POOL_SIZE       | 3                            | WAL
            pihole/pihole              | FTLCONF_database_useWAL   | false                        | ROLLBACK
            gitea/gitea                | GITEA__database__SQLITE_JOURNAL_MODE | WAL               | WAL
            gitea/gitea                | GITEA__database__DB_TYPE  | postgres                     | none
            """)
    void theEnvironmentDecidesTheJournalModeOrAnotherDatabase(
            String image, String name, String value, JournalMode expected) {
        List<EnvVar> env = new ArrayList<>();
        if (name != null) {
            env.add(new EnvVarBuilder().withName(name).withValue(value).build());
        }
        SqliteApp app = CATALOGUE.match(image).orElseThrow();
        assertThat(app.journalFor(env)).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void aDatabaseSwitchFromASecretCountsAsSetAndAJournalSettingFromASecretLeavesTheDefault() {
        SqliteApp vaultwarden = CATALOGUE.match("vaultwarden/server").orElseThrow();
        EnvVar fromSecret = new EnvVarBuilder()
                .withName("DATABASE_URL")
                .withNewValueFrom()
                .withNewSecretKeyRef("url", "vw-db", false)
                .endValueFrom()
                .build();
        assertThat(vaultwarden.journalFor(List.of(fromSecret))).isEmpty();
        EnvVar walFromSecret = new EnvVarBuilder()
                .withName("ENABLE_DB_WAL")
                .withNewValueFrom()
                .withNewSecretKeyRef("wal", "vw", false)
                .endValueFrom()
                .build();
        assertThat(vaultwarden.journalFor(List.of(walFromSecret))).contains(JournalMode.WAL);
    }

    @Test
    void theLastDefinitionOfAnEnvVariableWins() {
        SqliteApp grafana = CATALOGUE.match("grafana/grafana").orElseThrow();
        List<EnvVar> env = List.of(
                new EnvVarBuilder()
                        .withName("GF_DATABASE_TYPE")
                        .withValue("mysql")
                        .build(),
                new EnvVarBuilder()
                        .withName("GF_DATABASE_TYPE")
                        .withValue("sqlite3")
                        .build());
        assertThat(grafana.journalFor(env)).contains(JournalMode.ROLLBACK);
    }
}
