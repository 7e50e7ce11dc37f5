package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
        List<String> sources) {

    /** Env values longer than this are matched on their first characters only: regexes stay bounded in time. */
    static final int MAX_VALUE_MATCHED = 4096;

    public SqliteApp {
        images = List.copyOf(images);
        databases = List.copyOf(databases);
        journalSettings = List.copyOf(journalSettings);
        otherDatabaseSettings = List.copyOf(otherDatabaseSettings);
        sources = List.copyOf(sources);
    }

    /**
     * A setting that changes the journal mode: a literal value in which {@code wal} is found means WAL, one in which
     * {@code rollback} is found means the rollback journal; either pattern may be null.
     */
    public record JournalSetting(String env, Pattern wal, Pattern rollback) {}

    /** A setting that switches the app to another database: a literal value in which {@code match} is found. */
    public record DatabaseSwitch(String env, Pattern match) {}

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
