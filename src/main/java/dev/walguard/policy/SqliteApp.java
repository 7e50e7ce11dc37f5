package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One app of the image catalogue ({@code images.yaml}): the images it is published as, where it keeps its SQLite
 * databases, the journal mode it uses by default, and the environment variables that change either.
 *
 * @param name                  the app, as findings name it
 * @param images                repository names ({@code *} within one path segment), see {@link ImageCatalogue}
 * @param databases             default database files inside the container ({@code *} within one segment)
 * @param journal               the journal mode the app sets by default
 * @param envNamesIgnoreCase    whether env names compare without case (.NET configuration keys)
 * @param journalSettings       env variables that turn WAL on or off
 * @param otherDatabaseSettings env variables that switch the app to another database
 * @param databaseSettings      env variables that move the databases, the most specific first
 * @param sources               where these facts come from
 */
public record SqliteApp(
        String name,
        List<String> images,
        List<String> databases,
        JournalMode journal,
        boolean envNamesIgnoreCase,
        List<JournalSetting> journalSettings,
        List<DatabaseSwitch> otherDatabaseSettings,
        List<DatabaseSetting> databaseSettings,
        List<String> sources) {

    /** Env values longer than this are matched on their first characters only: regexes stay bounded in time. */
    static final int MAX_VALUE_MATCHED = 4096;

    public SqliteApp {
        images = List.copyOf(images);
        databases = List.copyOf(databases);
        journalSettings = List.copyOf(journalSettings);
        otherDatabaseSettings = List.copyOf(otherDatabaseSettings);
        databaseSettings = List.copyOf(databaseSettings);
        sources = List.copyOf(sources);
    }

    /**
     * A setting that changes the journal mode: a literal value in which {@code wal} is found means WAL, one in which
     * {@code rollback} is found means the rollback journal; either pattern may be null.
     */
    public record JournalSetting(String env, Pattern wal, Pattern rollback) {}

    /** A setting that switches the app to another database: a literal value in which {@code match} is found. */
    public record DatabaseSwitch(String env, Pattern match) {}

    /** In a {@link DatabaseSetting}'s paths: the variable's value, or what its {@code path} pattern captured. */
    static final String VALUE = "{value}";

    /**
     * A setting that moves the databases, e.g. n8n's {@code N8N_USER_FOLDER}: {@code {value}/.n8n/database.sqlite}.
     *
     * @param databases the database paths it gives, each starting with {@link #VALUE}
     * @param path      for a URL or DSN value, a pattern whose group 1 is the file path; null for a plain path
     * @param images    the images it applies to (some images overwrite the variable in their start script)
     */
    public record DatabaseSetting(String env, List<String> databases, Pattern path, List<String> images) {
        public DatabaseSetting {
            databases = List.copyOf(databases);
            images = List.copyOf(images);
        }
    }

    /**
     * Where a container keeps the app's databases.
     *
     * @param paths   absolute paths inside the container, or null when an env setting moved them somewhere walguard
     *                cannot tell (then every volume of the container may hold them)
     * @param movedBy the variable that moved them, or null for the catalogue's defaults
     */
    public record Databases(List<String> paths, String movedBy) {}

    /**
     * The databases for this environment: the first {@link #databaseSettings} the container sets decides; its value
     * from a Secret or ConfigMap, a relative path, {@code $(VAR)} references or a value the pattern does not match
     * leave the place unknown. None set: the catalogue's defaults.
     *
     * @param repository the image's repository as the catalogue spells it ({@link ImageCatalogue#repository})
     */
    public Databases databasesFor(List<EnvVar> env, String repository) {
        if (env != null && !env.isEmpty()) {
            for (DatabaseSetting s : databaseSettings) {
                EnvVar v = find(env, s.env());
                if (v == null || !appliesTo(s, repository)) {
                    continue;
                }
                String value = v.getValueFrom() != null ? null : placed(s, v.getValue());
                if (value == null) {
                    return new Databases(null, s.env());
                }
                List<String> paths = new ArrayList<>(s.databases().size());
                for (String template : s.databases()) {
                    paths.add(value + template.substring(VALUE.length()));
                }
                return new Databases(paths, s.env());
            }
        }
        return new Databases(databases, null);
    }

    private static boolean appliesTo(DatabaseSetting s, String repository) {
        return s.images().stream().anyMatch(i -> ImageCatalogue.sameRepository(i, repository));
    }

    /** The absolute path the value names, without a trailing slash; null when walguard cannot tell. */
    private static String placed(DatabaseSetting s, String raw) {
        String value = raw == null ? "" : raw.strip();
        if (value.length() > MAX_VALUE_MATCHED || value.contains("$(")) {
            return null;
        }
        if (s.path() != null) {
            Matcher m = s.path().matcher(value);
            value = m.find() && m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : null;
            if (value == null) {
                return null;
            }
        }
        while (value.length() > 1 && value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        return value.startsWith("/") ? value : null;
    }

    /**
     * The journal mode a container with this environment runs the app in, or empty when the environment switches
     * it to another database (then it is not detected). A value from a Secret or ConfigMap counts as a switch for
     * {@code otherDatabaseSettings} (it is set, which is how people switch; walguard cannot read it) and leaves the
     * default for {@code journalSettings}. A WAL answer from one setting wins over a rollback answer from another.
     */
    public Optional<JournalMode> journalFor(List<EnvVar> env) {
        if (env == null || env.isEmpty()) {
            return Optional.of(journal);
        }
        for (DatabaseSwitch s : otherDatabaseSettings) {
            EnvVar v = find(env, s.env());
            if (v != null && (v.getValueFrom() != null || found(s.match(), v.getValue()))) {
                return Optional.empty();
            }
        }
        boolean wal = false;
        boolean rollback = false;
        for (JournalSetting s : journalSettings) {
            EnvVar v = find(env, s.env());
            if (v == null || v.getValueFrom() != null) {
                continue;
            }
            wal |= s.wal() != null && found(s.wal(), v.getValue());
            rollback |= s.rollback() != null && found(s.rollback(), v.getValue());
        }
        return Optional.of(wal ? JournalMode.WAL : rollback ? JournalMode.ROLLBACK : journal);
    }

    /**
     * For a container that also takes variables from a whole Secret ({@code envFrom}, which walguard cannot read):
     * the variable that could switch the app to another database there, when {@code env} sets none of them; null when
     * {@code env} sets one (it decides, {@link #journalFor}) or the app has no such setting.
     */
    public String unsetSwitch(List<EnvVar> env) {
        for (DatabaseSwitch s : otherDatabaseSettings) {
            if (env != null && find(env, s.env()) != null) {
                return null;
            }
        }
        return otherDatabaseSettings.isEmpty()
                ? null
                : otherDatabaseSettings.get(0).env();
    }

    /** The last definition wins, as in Kubernetes (a later duplicate overrides an earlier one). */
    private EnvVar find(List<EnvVar> env, String name) {
        EnvVar last = null;
        for (EnvVar v : env) {
            if (v != null && v.getName() != null && same(v.getName(), name)) {
                last = v;
            }
        }
        return last;
    }

    private boolean same(String a, String b) {
        return envNamesIgnoreCase ? a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT)) : a.equals(b);
    }

    private static boolean found(Pattern p, String value) {
        String v = value == null ? "" : value;
        return p.matcher(v.length() > MAX_VALUE_MATCHED ? v.substring(0, MAX_VALUE_MATCHED) : v)
                .find();
    }
}
