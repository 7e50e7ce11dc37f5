package dev.walguard.cluster;

import dev.walguard.policy.Workloads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.UUID;

/**
 * What every reduced cache entry keeps of {@code metadata}: the uid and resourceVersion, packed into numbers when they
 * have their usual form (a UUID, a decimal revision), so that a cached object costs a few bytes rather than two
 * strings. Name and namespace are not stored: they are the cache key.
 */
abstract class SlimObject {

    private final long uidHigh;
    private final long uidLow;
    private final String uidText;
    private final long revision;
    private final String revisionText;

    SlimObject(ObjectMeta meta) {
        String uid = meta == null ? null : meta.getUid();
        UUID parsed = parseUuid(uid);
        if (parsed != null) {
            uidHigh = parsed.getMostSignificantBits();
            uidLow = parsed.getLeastSignificantBits();
            uidText = null;
        } else {
            uidHigh = 0;
            uidLow = 0;
            uidText = uid;
        }
        String rv = meta == null ? null : meta.getResourceVersion();
        long number = parseRevision(rv);
        revision = number;
        revisionText = number < 0 ? rv : null;
    }

    private String uid() {
        return uidText != null || (uidHigh == 0 && uidLow == 0) ? uidText : new UUID(uidHigh, uidLow).toString();
    }

    private String resourceVersion() {
        return revision >= 0 ? Long.toString(revision) : revisionText;
    }

    /** Metadata with name and namespace taken back from the cache key ({@code namespace/name} or {@code name}). */
    final ObjectMeta metadata(String key) {
        ObjectMeta meta = new ObjectMeta();
        int slash = key.indexOf('/');
        if (slash < 0) {
            meta.setName(key);
        } else {
            meta.setNamespace(key.substring(0, slash));
            meta.setName(key.substring(slash + 1));
        }
        meta.setUid(uid());
        meta.setResourceVersion(resourceVersion());
        return meta;
    }

    private static UUID parseUuid(String uid) {
        if (uid == null || uid.length() != 36) {
            return null;
        }
        try {
            UUID u = UUID.fromString(uid);
            return u.toString().equals(uid) && (u.getMostSignificantBits() != 0 || u.getLeastSignificantBits() != 0)
                    ? u
                    : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static long parseRevision(String rv) {
        if (rv == null || rv.isEmpty() || rv.length() > 18 || (rv.length() > 1 && rv.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < rv.length(); i++) {
            if (rv.charAt(i) < '0' || rv.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(rv);
    }

    /** The controller owner reference, the only one the rules follow; shared between objects of one owner. */
    record Owner(String apiVersion, String kind, String name, String uid) {

        static Owner of(HasMetadata o, WeakInterner interner) {
            return Workloads.controllerOf(o.getMetadata())
                    .map(r -> interner.intern(new Owner(
                            WeakInterner.string(r.getApiVersion()),
                            WeakInterner.string(r.getKind()),
                            WeakInterner.string(r.getName()),
                            WeakInterner.string(r.getUid()))))
                    .orElse(null);
        }

        OwnerReference reference() {
            OwnerReference r = new OwnerReference();
            r.setApiVersion(apiVersion);
            r.setKind(kind);
            r.setName(name);
            r.setUid(uid);
            r.setController(true);
            return r;
        }
    }
}
