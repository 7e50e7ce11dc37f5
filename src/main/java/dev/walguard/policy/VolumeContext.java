package dev.walguard.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Everything the per-volume rules read about one volume in scope.
 *
 * @param parties the parties of one group that share files on the volume (empty for the storage rules)
 * @param at      where on the volume they share them ({@link PartyGroups.Group#where()}), empty at the root
 */
record VolumeContext(
        Workload workload,
        ScopedVolume volume,
        StorageVerdict storage,
        List<Party> parties,
        List<String> safeClasses,
        UnknownStorage unknownStorage,
        String at) {

    VolumeContext(
            Workload workload,
            ScopedVolume volume,
            StorageVerdict storage,
            List<Party> parties,
            List<String> safeClasses,
            UnknownStorage unknownStorage) {
        this(workload, volume, storage, parties, safeClasses, unknownStorage, "");
    }

    /** {@code volume "data" (claim data, StorageClass ebs, driver ebs.csi.aws.com)}: what is known of it. */
    String describeVolume() {
        List<String> parts = new ArrayList<>();
        if (storage.claim() != null) {
            parts.add("claim " + storage.claim());
        } else if (volume.template() != null) {
            parts.add("claim template " + volume.name());
        }
        if (storage.storageClass() != null) {
            parts.add("StorageClass " + storage.storageClass());
        }
        if (storage.driver() != null) {
            parts.add("driver " + storage.driver());
        }
        return "volume \"" + volume.name() + "\"" + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
    }

    /** {@code volume "data" (claim data, class ebs)}: short enough for a 256-character warning. */
    String briefVolume() {
        List<String> parts = new ArrayList<>();
        if (storage.claim() != null) {
            parts.add("claim " + storage.claim());
        }
        if (storage.storageClass() != null) {
            parts.add("class " + storage.storageClass());
        } else if (storage.driver() != null) {
            parts.add("driver " + storage.driver());
        }
        return "volume \"" + volume.name() + "\"" + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")");
    }

    /** Names of this pod's containers that mount the volume, in order, without repeats. */
    List<String> mountingContainers() {
        return volume.mounts().stream()
                .map(m -> m.container().name())
                .distinct()
                .toList();
    }

    /**
     * A finding on this volume. On a volume in scope only because nothing narrows the scope, the reason says so and
     * the fix offers the annotations first: the volume may hold no database at all.
     */
    Finding finding(
            RuleId rule, Severity severity, List<String> containers, String reason, String summary, String fix) {
        Finding.Text text = scoped(new Finding.Text(reason, summary, fix));
        return Finding.onVolume(
                rule,
                severity,
                workload.display(),
                volume.name(),
                storage,
                containers,
                text.reason(),
                text.summary(),
                text.fix());
    }

    /** As above, with the text built only when it is read ({@link Finding}: most never are). */
    Finding finding(RuleId rule, Severity severity, List<String> containers, Supplier<Finding.Text> text) {
        return Finding.onVolume(
                rule, severity, workload.display(), volume.name(), storage, containers, () -> scoped(text.get()));
    }

    private Finding.Text scoped(Finding.Text text) {
        if (!volume.implicit()) {
            return text;
        }
        String reason = text.reason() + " Volume \"" + volume.name() + "\" is checked because no " + Marking.VOLUMES
                + " or " + Marking.PATHS + " annotation narrows the scope.";
        // Short: admission warnings keep the fix whole within 256 characters and cut the summary instead.
        String fix = text.fix();
        fix = "Name the database volumes in " + Marking.VOLUMES + " or " + Marking.PATHS + ", or "
                + Character.toLowerCase(fix.charAt(0)) + fix.substring(1);
        return new Finding.Text(reason, text.summary(), fix);
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}; long lists are cut ({@link Prose#and}). */
    static String and(List<String> items) {
        return Prose.and(items);
    }

    /** A fix hint naming block or local classes that exist in the cluster, e.g. {@code such as "ebs-gp3"}. */
    String safeClassHint() {
        if (safeClasses.isEmpty()) {
            return "";
        }
        return " such as "
                + String.join(
                        " or ", safeClasses.stream().map(s -> "\"" + s + "\"").toList());
    }
}
