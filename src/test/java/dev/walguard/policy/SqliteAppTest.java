package dev.walguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSourceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Where the catalogue's env settings ({@code databaseSettings} in images.yaml) put an app's databases. */
class SqliteAppTest {

    private static EnvVar literal(String name, String value) {
        return new EnvVar(name, value, null);
    }

    private static EnvVar fromSecret(String name) {
        return new EnvVar(
                name,
                null,
                new EnvVarSourceBuilder().withNewSecretKeyRef("k", "s", false).build());
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "n8n without env keeps the catalogue's default",
                        "n8nio/n8n:1.74.1",
                        List.of(),
                        List.of("/home/node/.n8n/database.sqlite"),
                        null),
                Arguments.of(
                        "n8n's N8N_USER_FOLDER moves it below .n8n of that folder",
                        "n8nio/n8n:1.74.1",
                        List.of(literal("N8N_USER_FOLDER", "/data")),
                        List.of("/data/.n8n/database.sqlite"),
                        "N8N_USER_FOLDER"),
                Arguments.of(
                        "a trailing slash and spaces change nothing",
                        "docker.n8n.io/n8nio/n8n",
                        List.of(literal("N8N_USER_FOLDER", " /data/ ")),
                        List.of("/data/.n8n/database.sqlite"),
                        "N8N_USER_FOLDER"),
                Arguments.of(
                        "the database file itself wins over the folder",
                        "n8nio/n8n",
                        List.of(literal("N8N_USER_FOLDER", "/data"), literal("DB_SQLITE_DATABASE", "/db/n8n.sqlite")),
                        List.of("/db/n8n.sqlite"),
                        "DB_SQLITE_DATABASE"),
                Arguments.of(
                        "a relative file leaves the place unknown",
                        "n8nio/n8n",
                        List.of(literal("DB_SQLITE_DATABASE", "n8n.sqlite")),
                        null,
                        "DB_SQLITE_DATABASE"),
                Arguments.of(
                        "a value from a Secret leaves the place unknown",
                        "n8nio/n8n",
                        List.of(fromSecret("N8N_USER_FOLDER")),
                        null,
                        "N8N_USER_FOLDER"),
                Arguments.of(
                        "a $(VAR) reference leaves the place unknown",
                        "n8nio/n8n",
                        List.of(literal("N8N_USER_FOLDER", "$(DATA)/n8n")),
                        null,
                        "N8N_USER_FOLDER"),
                Arguments.of(
                        "Vaultwarden's DATABASE_URL as a sqlite:// URL names the file",
                        "vaultwarden/server:1.32.0",
                        List.of(literal("DATABASE_URL", "sqlite:///data/vw/db.sqlite3")),
                        List.of("/data/vw/db.sqlite3"),
                        "DATABASE_URL"),
                Arguments.of(
                        "Vaultwarden's DATA_FOLDER moves db.sqlite3",
                        "vaultwarden/server",
                        List.of(literal("DATA_FOLDER", "/vw-data")),
                        List.of("/vw-data/db.sqlite3"),
                        "DATA_FOLDER"),
                Arguments.of(
                        "Overseerr's CONFIG_DIRECTORY moves it in the official image",
                        "sctx/overseerr:1.33.2",
                        List.of(literal("CONFIG_DIRECTORY", "/srv/overseerr")),
                        List.of("/srv/overseerr/db/db.sqlite3"),
                        "CONFIG_DIRECTORY"),
                Arguments.of(
                        "linuxserver's Overseerr overwrites CONFIG_DIRECTORY in its start script: the default stays",
                        "lscr.io/linuxserver/overseerr:latest",
                        List.of(literal("CONFIG_DIRECTORY", "/srv/overseerr")),
                        List.of("/app/config/db/db.sqlite3", "/config/db/db.sqlite3"),
                        null),
                Arguments.of(
                        "a variable of another app moves nothing",
                        "n8nio/n8n",
                        List.of(literal("DATA_FOLDER", "/vw-data")),
                        List.of("/home/node/.n8n/database.sqlite"),
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void placesTheDatabases(String description, String image, List<EnvVar> env, List<String> paths, String movedBy) {
        SqliteApp app = ImageCatalogue.standard().match(image).orElseThrow();

        SqliteApp.Databases databases = app.databasesFor(new ArrayList<>(env), ImageCatalogue.repository(image));

        assertThat(databases.paths()).isEqualTo(paths);
        assertThat(databases.movedBy()).isEqualTo(movedBy);
    }
}
