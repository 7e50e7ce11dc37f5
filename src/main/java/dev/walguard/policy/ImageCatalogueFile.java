package dev.walguard.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads and checks {@code images.yaml}: every app has images, absolute database paths, a journal and sources. */
final class ImageCatalogueFile {

    private ImageCatalogueFile() {}

    static ImageCatalogue parse(JsonNode root) {
        List<SqliteApp> apps = new ArrayList<>();
        for (JsonNode a : required(root, "apps", "the file")) {
            String name = required(a, "name", "an app").asText();
            String where = "app " + name;
            List<String> databases = texts(required(a, "databases", where));
            for (String db : databases) {
                if (!db.startsWith("/")) {
                    throw new IllegalStateException("images.yaml: " + where + " has a relative database path " + db);
                }
            }
            List<String> sources = texts(required(a, "sources", where));
            for (String s : sources) {
                if (!s.startsWith("https://")) {
                    throw new IllegalStateException("images.yaml: " + where + " has a source that is not https: " + s);
                }
            }
            List<SqliteApp.JournalSetting> journalSettings = new ArrayList<>();
            for (JsonNode s : a.path("journalSettings")) {
                Pattern wal = pattern(s, "wal", where);
                Pattern rollback = pattern(s, "rollback", where);
                if (s.hasNonNull("env") && (wal != null || rollback != null)) {
                    journalSettings.add(
                            new SqliteApp.JournalSetting(s.get("env").asText(), wal, rollback));
                }
            }
            List<SqliteApp.DatabaseSwitch> switches = new ArrayList<>();
            for (JsonNode s : a.path("otherDatabaseSettings")) {
                if (s.hasNonNull("env")) {
                    switches.add(new SqliteApp.DatabaseSwitch(
                            s.get("env").asText(), pattern(required(s, "match", where), where)));
                }
            }
            List<String> images = texts(required(a, "images", where));
            apps.add(new SqliteApp(
                    name,
                    images,
                    databases,
                    JournalMode.valueOf(required(a, "journal", where).asText().toUpperCase(Locale.ROOT)),
                    a.path("envNamesIgnoreCase").asBoolean(false),
                    journalSettings,
                    switches,
                    databaseSettings(a, images, where),
                    sources));
        }
        List<String> notDetected = new ArrayList<>();
        for (JsonNode n : root.path("notDetected")) {
            String where = "not-detected entry " + n.path("name").asText("?");
            required(n, "reason", where);
            required(n, "sources", where);
            notDetected.addAll(texts(required(n, "images", where)));
        }
        return new ImageCatalogue(apps, notDetected);
    }

    /**
     * Env variables that move the databases: each with the paths it gives ({@code {value}} is the value, or the
     * {@code pathRegex} group), the images it applies to (default all of the app's: some images overwrite the
     * variable in their start script) and a source.
     */
    private static List<SqliteApp.DatabaseSetting> databaseSettings(JsonNode a, List<String> images, String where) {
        List<SqliteApp.DatabaseSetting> out = new ArrayList<>();
        for (JsonNode s : a.path("databaseSettings")) {
            String env = required(s, "env", where).asText();
            String at = where + " databaseSettings " + env;
            List<String> paths = texts(required(s, "databases", at));
            for (String path : paths) {
                String rest = path.startsWith(SqliteApp.VALUE) ? path.substring(SqliteApp.VALUE.length()) : "{";
                if (rest.contains("{") || rest.contains("}")) {
                    throw new IllegalStateException("images.yaml: " + at + " has a path that is not " + SqliteApp.VALUE
                            + " and a fixed rest: " + path);
                }
            }
            List<String> only = s.has("images") ? texts(s.get("images")) : images;
            if (!images.containsAll(only)) {
                throw new IllegalStateException("images.yaml: " + at + " names an image the app does not have");
            }
            required(s, "source", at);
            out.add(new SqliteApp.DatabaseSetting(env, paths, pattern(s, "pathRegex", at), only));
        }
        return out;
    }

    private static Pattern pattern(JsonNode s, String field, String where) {
        return s.hasNonNull(field) ? pattern(s.get(field), where) : null;
    }

    private static Pattern pattern(JsonNode regex, String where) {
        try {
            return Pattern.compile(regex.asText());
        } catch (PatternSyntaxException e) {
            throw new IllegalStateException("images.yaml: " + where + " has a bad regex " + regex.asText(), e);
        }
    }

    private static List<String> texts(JsonNode list) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : list) {
            out.add(n.asText());
        }
        return out;
    }

    private static JsonNode required(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank()) || (v.isArray() && v.isEmpty())) {
            throw new IllegalStateException("images.yaml: " + where + " has no " + field);
        }
        return v;
    }
}
