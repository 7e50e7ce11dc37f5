package dev.walguard.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Informer store for the storage kinds and Namespaces: whole objects (the classifier reads their specs, labels and
 * annotations), less {@code managedFields} and kubectl's last-applied copy, which often outweigh the rest.
 */
final class TrimmedItemStore<V extends HasMetadata> extends BasicItemStore<V> {

    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    TrimmedItemStore() {
        super(Cache::metaNamespaceKeyFunc);
    }

    @Override
    public V put(String key, V obj) {
        trim(obj.getMetadata());
        return super.put(key, obj);
    }

    static void trim(ObjectMeta meta) {
        if (meta == null) {
            return;
        }
        meta.setManagedFields(null);
        Map<String, String> annotations = meta.getAnnotations();
        if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
            Map<String, String> kept = new LinkedHashMap<>(annotations);
            kept.remove(LAST_APPLIED);
            meta.setAnnotations(kept);
        }
    }
}
