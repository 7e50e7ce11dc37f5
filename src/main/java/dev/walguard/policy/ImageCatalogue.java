package dev.walguard.policy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The container images walguard recognises as apps that keep SQLite databases, read from {@code images.yaml} next to
 * this class (its header explains the fields and the sources). An image matches an app when its repository, with
 * tag, digest and Docker Hub's default prefixes removed, equals one of the app's names; never by prefix.
 */
public final class ImageCatalogue {

    /** Longer image references are not looked up: no registry accepts them, and matching stays bounded. */
    static final int MAX_IMAGE_LENGTH = 1024;

    private static final List<String> DOCKER_HUB = List.of("docker.io/", "index.docker.io/", "registry-1.docker.io/");

    /** Read on first use, once per JVM; a malformed file fails this class's initialisation, loudly. */
    private static final class Standard {
        static final ImageCatalogue CATALOGUE = read(ImageCatalogue.class.getResource("images.yaml"));
    }

    private final List<SqliteApp> apps;
    private final List<String> notDetected;
    private final Map<String, SqliteApp> exact = new HashMap<>();
    private final List<Map.Entry<Pattern, SqliteApp>> globs = new ArrayList<>();

    ImageCatalogue(List<SqliteApp> apps, List<String> notDetected) {
        this.apps = List.copyOf(apps);
        this.notDetected = List.copyOf(notDetected);
        for (SqliteApp app : apps) {
            for (String image : app.images()) {
                String name = image.toLowerCase(Locale.ROOT);
                if (name.contains("*")) {
                    globs.add(Map.entry(glob(name), app));
                } else if (exact.putIfAbsent(name, app) != null) {
                    throw new IllegalStateException("images.yaml lists image " + image + " twice");
                }
            }
        }
        for (String image : notDetected) {
            if (!image.contains("*") && match(image).isPresent()) {
                throw new IllegalStateException("images.yaml lists image " + image + " as an app and as not detected");
            }
        }
    }

    public static ImageCatalogue standard() {
        return Standard.CATALOGUE;
    }

    public List<SqliteApp> apps() {
        return apps;
    }

    /** Images checked and left out (another database by default, companion images), for tests and docs. */
    public List<String> notDetected() {
        return notDetected;
    }

    /** The app an image reference belongs to, if it is catalogued. */
    public Optional<SqliteApp> match(String image) {
        if (image == null || image.isEmpty() || image.length() > MAX_IMAGE_LENGTH) {
            return Optional.empty();
        }
        String repository = repository(image);
        SqliteApp app = exact.get(repository);
        if (app != null) {
            return Optional.of(app);
        }
        for (Map.Entry<Pattern, SqliteApp> g : globs) {
            if (g.getKey().matcher(repository).matches()) {
                return Optional.of(g.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * The repository of an image reference as the catalogue spells it: lower case, without digest or tag, without
     * Docker Hub's registry names, and {@code library/x} as {@code x}.
     */
    public static String repository(String image) {
        String s = image.trim().toLowerCase(Locale.ROOT);
        int at = s.indexOf('@');
        if (at >= 0) {
            s = s.substring(0, at);
        }
        int colon = s.lastIndexOf(':');
        if (colon > s.lastIndexOf('/')) {
            s = s.substring(0, colon);
        }
        for (String hub : DOCKER_HUB) {
            if (s.startsWith(hub)) {
                s = s.substring(hub.length());
                break;
            }
        }
        if (s.startsWith("library/") && s.indexOf('/', "library/".length()) < 0) {
            s = s.substring("library/".length());
        }
        return s;
    }

    /** Whether a catalogued image name ({@code *} within one segment) names this {@link #repository}. */
    static boolean sameRepository(String catalogued, String repository) {
        String name = catalogued.toLowerCase(Locale.ROOT);
        return name.contains("*") ? glob(name).matcher(repository).matches() : name.equals(repository);
    }

    /** A {@code *} matches within one path segment. */
    static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (re.length() > 0) {
                re.append("[^/]*");
            }
            re.append(Pattern.quote(part));
        }
        return Pattern.compile(re.toString());
    }

    static ImageCatalogue read(URL url) {
        ObjectMapper yaml = YAMLMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .build();
        try (InputStream in = url.openStream()) {
            return ImageCatalogueFile.parse(yaml.readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + url + ": " + e.getMessage(), e);
        }
    }
}
