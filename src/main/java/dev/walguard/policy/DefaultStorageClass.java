package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Picks the class the API server would default a claim to: among default classes the newest, ties by name. */
public final class DefaultStorageClass {

    static final String DEFAULT_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
    static final String BETA_DEFAULT_ANNOTATION = "storageclass.beta.kubernetes.io/is-default-class";

    private DefaultStorageClass() {}

    public static Optional<StorageClass> choose(List<StorageClass> classes) {
        return classes.stream()
                .filter(DefaultStorageClass::isDefault)
                .min(Comparator.comparing(DefaultStorageClass::created)
                        .reversed()
                        .thenComparing(sc -> sc.getMetadata().getName()));
    }

    public static boolean isDefault(StorageClass sc) {
        Map<String, String> a =
                sc.getMetadata() == null ? null : sc.getMetadata().getAnnotations();
        return a != null && ("true".equals(a.get(DEFAULT_ANNOTATION)) || "true".equals(a.get(BETA_DEFAULT_ANNOTATION)));
    }

    private static Instant created(StorageClass sc) {
        String ts = sc.getMetadata().getCreationTimestamp();
        if (ts == null) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(ts);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
