package dev.walguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** Kubernetes objects parsed with fabric8 from multi-document YAML (deploy/ files or a chart render). */
final class Manifests {

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private final List<HasMetadata> objects;

    private Manifests(List<HasMetadata> objects) {
        this.objects = List.copyOf(objects);
    }

    static Manifests parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
            boolean empty = document.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"));
            if (!empty) {
                Object parsed = SERIALIZATION.unmarshal(document);
                assertThat(parsed).as("a Kubernetes object:%n%s", document).isInstanceOf(HasMetadata.class);
                objects.add((HasMetadata) parsed);
            }
        }
        return new Manifests(objects);
    }

    static Manifests read(Path... files) {
        StringBuilder all = new StringBuilder();
        for (Path file : files) {
            try {
                all.append("---\n").append(Files.readString(file)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return parse(all.toString());
    }

    List<HasMetadata> all() {
        return objects;
    }

    /** {@code Kind/name} of every object, in order. */
    List<String> kindsAndNames() {
        return objects.stream()
                .map(o -> o.getKind() + "/" + o.getMetadata().getName())
                .toList();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        List<T> found = objects.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(o -> name.equals(o.getMetadata().getName()))
                .toList();
        assertThat(found)
                .as("%s %s in %s", type.getSimpleName(), name, kindsAndNames())
                .hasSize(1);
        return found.get(0);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** A custom resource (cert-manager), which fabric8 reads as a generic resource. */
    GenericKubernetesResource generic(String kind, String name) {
        List<GenericKubernetesResource> found = all(GenericKubernetesResource.class).stream()
                .filter(o ->
                        kind.equals(o.getKind()) && name.equals(o.getMetadata().getName()))
                .toList();
        assertThat(found).as("%s %s in %s", kind, name, kindsAndNames()).hasSize(1);
        return found.get(0);
    }

    /** The object as plain maps and lists, for whole-object comparisons. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object object) {
        return SERIALIZATION.convertValue(object, Map.class);
    }

    /**
     * Fields fabric8 did not recognise anywhere in the typed objects (it keeps them as additional properties).
     * A typo or a field of the wrong kind shows up here, as kubectl's strict field validation would report it.
     */
    List<String> unknownFields() {
        List<String> unknown = new ArrayList<>();
        for (HasMetadata object : objects) {
            if (!(object instanceof GenericKubernetesResource)) {
                collectUnknown(
                        object, object.getKind() + "/" + object.getMetadata().getName(), unknown);
            }
        }
        return unknown;
    }

    private static void collectUnknown(Object value, String path, List<String> unknown) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                collectUnknown(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknown(v, path + "." + k, unknown));
            return;
        }
        if (!value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get")
                    || getter.getName().equals("getClass")) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else if (!Objects.equals(child, value)) {
                String name = getter.getName().substring(3);
                collectUnknown(child, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), unknown);
            }
        }
    }
}
