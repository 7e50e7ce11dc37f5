package dev.walguard.cluster;

import dev.walguard.cluster.ManifestReader.Manifest;
import dev.walguard.cluster.ManifestReader.ManifestException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Two different definitions of one object (API group, kind, namespace, name) in one source. The API server would
 * keep whichever kubectl applied last; walguard would check whichever it indexed last. Neither is what the author
 * meant, so it is refused rather than resolved by file order. Identical copies (a file reached through two links)
 * are harmless and accepted.
 */
final class Duplicates {

    private Duplicates() {}

    /** @param defaultNamespace the namespace of objects that name none (null: they stay unnamespaced) */
    static void reject(List<Manifest> manifests, String defaultNamespace) {
        Map<String, Manifest> first = new HashMap<>();
        for (Manifest m : manifests) {
            HasMetadata o = m.object();
            if (o.getMetadata() == null || o.getMetadata().getName() == null) {
                continue; // generateName: the server names each copy anew
            }
            String ns = o.getMetadata().getNamespace() != null ? o.getMetadata().getNamespace() : defaultNamespace;
            String key = group(o.getApiVersion()) + "/" + o.getKind() + "/" + ns + "/"
                    + o.getMetadata().getName();
            Manifest earlier = first.putIfAbsent(key, m);
            if (earlier != null && !Objects.equals(earlier.object(), o)) {
                throw new ManifestException(
                        "two different definitions of " + o.getKind() + " "
                                + (ns == null ? "" : ns + "/") + o.getMetadata().getName() + ": " + where(earlier)
                                + " and "
                                + where(m) + "; walguard does not pick one by file order, remove one of them",
                        null);
            }
        }
    }

    private static String where(Manifest m) {
        return m.source() + " document " + m.document();
    }

    /** apps/v1 and apps/v1beta2 name the same object; the group is what tells two Certificates apart. */
    private static String group(String apiVersion) {
        if (apiVersion == null) {
            return "";
        }
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }
}
