package dev.walguard.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises SQLite apps by their container images ({@code walguard.detect=images}): a workload that carries no
 * {@code walguard.dev/sqlite-wal} annotation anywhere, and runs a catalogued image in an init container (a native
 * sidecar or a plain one, which often runs the app's migrations on the same database) or a regular container, with
 * an environment that does not switch the app to another database, is evaluated as if marked
 * ({@link DetectedScope}). Ephemeral containers are never looked at: they are added for debugging, through a
 * subresource walguard does not evaluate. Any {@code sqlite-wal} value wins over the catalogue: {@code "false"}
 * turns detection off for the workload, any other value marks it as before.
 */
public final class ImageDetection {

    private static final String ENV = "env";
    private static final String ENV_FROM = "envFrom";

    private final ImageCatalogue catalogue;
    private final Detection setting;

    public ImageDetection(ImageCatalogue catalogue, Detection setting) {
        this.catalogue = catalogue;
        this.setting = setting;
    }

    /** The standard catalogue under a setting. */
    public static ImageDetection of(Detection setting) {
        return new ImageDetection(ImageCatalogue.standard(), setting);
    }

    public boolean on() {
        return setting == Detection.IMAGES;
    }

    /** Whether detection may apply: it is on, and no metadata carries {@code walguard.dev/sqlite-wal}. */
    public boolean applies(ObjectMeta... metas) {
        if (!on()) {
            return false;
        }
        for (ObjectMeta meta : metas) {
            Map<String, String> a = meta == null ? null : meta.getAnnotations();
            if (a != null && a.containsKey(Marking.SQLITE_WAL)) {
                return false;
            }
        }
        return true;
    }

    /** The detected apps of a workload, in container order; empty when detection does not apply. */
    public List<DetectedApp> detect(Workload w) {
        return applies(w.metadata(), w.podMetadata()) ? apps(w.podSpec(), false) : List.of();
    }

    /**
     * The apps {@link #detect} finds, as reports name them ({@code Sonarr}, {@code Sonarr, Radarr}); null when it
     * finds none, as for a marked workload.
     */
    public String appNames(Workload w) {
        List<String> names = new ArrayList<>();
        for (DetectedApp app : detect(w)) {
            if (!names.contains(app.app().name())) {
                names.add(app.app().name());
            }
        }
        return names.isEmpty() ? null : String.join(", ", names);
    }

    /** Whether {@link #detect} finds anything; stops at the first app. */
    public boolean detects(Workload w) {
        return detects(w.metadata(), w.podMetadata(), w.podSpec());
    }

    /** As {@link #detects(Workload)}, for an object's metadata, its pod template's metadata and pod spec. */
    public boolean detects(ObjectMeta meta, ObjectMeta podMeta, PodSpec spec) {
        return applies(meta, podMeta) && spec != null && !apps(spec, true).isEmpty();
    }

    /**
     * The containers of another pod on a claim that open a database there, for an unmarked pod: those whose
     * detected app keeps its databases on the claim; none when detection does not apply.
     */
    Set<String> containersOnClaim(Pod pod, String claim) {
        if (!applies(pod.getMetadata())) {
            return Set.of();
        }
        List<DetectedApp> apps = apps(pod.getSpec(), false);
        return apps.isEmpty() ? Set.of() : DetectedScope.containersOnClaim(pod.getSpec(), apps, claim);
    }

    /** The catalogued apps of a pod spec's init and regular containers (with {@code first}: at most one). */
    List<DetectedApp> apps(PodSpec spec, boolean first) {
        List<DetectedApp> out = new ArrayList<>(1);
        for (List<Container> list : List.of(orEmpty(spec.getInitContainers()), orEmpty(spec.getContainers()))) {
            for (Container c : list) {
                Optional<SqliteApp> app = catalogue.match(c.getImage());
                if (app.isEmpty()) {
                    continue;
                }
                Optional<JournalMode> journal = app.get().journalFor(c.getEnv());
                if (journal.isPresent()) {
                    String repository = ImageCatalogue.repository(c.getImage());
                    boolean envFrom = fromSecret(c.getEnvFrom());
                    out.add(new DetectedApp(
                            c.getName(),
                            Prose.clip(repository),
                            app.get(),
                            journal.get(),
                            app.get().databasesFor(c.getEnv(), repository),
                            envFrom ? app.get().unsetSwitch(c.getEnv()) : null));
                    if (first) {
                        return out;
                    }
                }
            }
        }
        return out;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /**
     * The env variables of a container that can matter to detection, for caches that keep pods slim: none for an
     * image that is not catalogued, else those its app's settings name, values cut where matching stops and a value
     * from a Secret or ConfigMap kept only as such. Bounded by the catalogue, whatever the container sets.
     */
    public static List<EnvVar> relevantEnv(String image, List<EnvVar> env) {
        Optional<SqliteApp> app = ImageCatalogue.standard().match(image);
        if (app.isEmpty() || env == null || env.isEmpty()) {
            return List.of();
        }
        Set<String> names = new HashSet<>();
        app.get().journalSettings().forEach(s -> names.add(key(app.get(), s.env())));
        app.get().otherDatabaseSettings().forEach(s -> names.add(key(app.get(), s.env())));
        app.get().databaseSettings().forEach(s -> names.add(key(app.get(), s.env())));
        List<EnvVar> out = new ArrayList<>();
        for (EnvVar v : env) {
            if (v != null && v.getName() != null && names.contains(key(app.get(), v.getName()))) {
                String value = v.getValue() == null ? null : Prose.clip(v.getValue(), SqliteApp.MAX_VALUE_MATCHED);
                out.add(new EnvVar(v.getName(), value, v.getValueFrom() == null ? null : new EnvVarSource()));
            }
        }
        return out;
    }

    /**
     * Whether a container's {@code envFrom} can matter to detection, for caches that keep pods slim: it takes
     * variables from a Secret ({@link #fromSecret}) and runs a catalogued image whose app another database can
     * replace ({@link SqliteApp#unsetSwitch}).
     */
    public static boolean relevantEnvFrom(String image, List<EnvFromSource> envFrom) {
        if (!fromSecret(envFrom)) {
            return false;
        }
        Optional<SqliteApp> app = ImageCatalogue.standard().match(image);
        return app.isPresent() && !app.get().otherDatabaseSettings().isEmpty();
    }

    /**
     * Whether a container takes variables from a whole Secret. A database connection carries credentials, so a Secret
     * is where one that switches the app away from SQLite would be; a ConfigMap of general settings (the Vaultwarden
     * chart always has one) is not taken as one.
     */
    static boolean fromSecret(List<EnvFromSource> envFrom) {
        if (envFrom != null) {
            for (EnvFromSource source : envFrom) {
                if (source != null && source.getSecretRef() != null) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String key(SqliteApp app, String name) {
        return name == null || !app.envNamesIgnoreCase() ? name : name.toLowerCase(Locale.ROOT);
    }

    /**
     * Whether an unread pod spec has an init or regular container whose image is catalogued ({@link #apps} looks at
     * the same ones): only then is an unannotated workload's pod spec read at admission.
     */
    static boolean mayDetect(JsonNode podSpec) {
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode c : podSpec.path(list)) {
                JsonNode image = c.path("image");
                if (image.isTextual()
                        && ImageCatalogue.standard().match(image.textValue()).isPresent()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The fields to read of a container in an object: {@code base}, plus {@code env} and {@code envFrom} when its image
     * is catalogued. The environment decides the journal mode and whether the app uses SQLite at all; it is read only
     * where it can matter, so the large environments of other containers cost nothing but the parse.
     */
    static List<String> fieldsToRead(JsonNode container, List<String> base) {
        JsonNode image = container.path("image");
        if (!image.isTextual()
                || ImageCatalogue.standard().match(image.textValue()).isEmpty()) {
            return base;
        }
        List<String> fields = new ArrayList<>(base);
        fields.add(ENV);
        fields.add(ENV_FROM);
        return fields;
    }
}
