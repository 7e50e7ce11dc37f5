package dev.walguard.policy;

import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every rule on a marked workload and collects all findings (it never stops at the first). Shared by the
 * webhook, the CLI and background reports.
 */
public final class WorkloadEvaluator {

    private static final List<VolumeRule> VOLUME_RULES =
            List.of(new NetworkFilesystemRule(), new StorageUnknownRule(), new ReadOnlyAccessRule());
    /**
     * Rules on who shares a database: run once per group of parties that share files ({@link PartyGroups}); each
     * needs two parties at least.
     */
    private static final List<VolumeRule> PARTY_RULES = List.of(new UidMismatchRule(), new UidUnverifiableRule());

    private static final int SAFE_CLASS_HINTS = 2;

    private final StorageClassifier classifier;
    private final UnknownStorage unknownStorage;
    private final Exceptions exceptions;
    private final ImageDetection detection;
    /**
     * A detected app in rollback-journal mode: WAL007 instead of WAL001, and WAL003. WAL004, WAL002 and WAL006 are
     * about the -shm and -wal files, which a rollback journal does not have.
     */
    private final List<VolumeRule> rollbackRules;

    public WorkloadEvaluator(PolicySettings settings) {
        this.classifier = new StorageClassifier(settings.patterns());
        this.unknownStorage = settings.unknownStorage();
        this.exceptions = settings.exceptions();
        this.detection = ImageDetection.of(settings.detection());
        this.rollbackRules =
                List.of(new RollbackJournalNetworkRule(settings.rollbackJournal()), new StorageUnknownRule());
    }

    public ImageDetection detection() {
        return detection;
    }

    /**
     * WAL008: live WAL databases the node agent found on network volumes, each with the workload that owns the pod
     * and that workload's exceptions applied ({@link ObservedWalDatabases}).
     */
    public List<ObservedWalDatabases.Sighting> observedWalDatabases(ClusterView view) {
        return ObservedWalDatabases.find(view, exceptions);
    }

    /**
     * All findings for a workload: a marked one on the volumes its annotations select, a detected one
     * ({@link ImageDetection}) on the volumes its apps keep databases on; empty for any other (never looked into).
     * Those its {@code walguard.dev/ignore} sets aside are included, marked ignored.
     */
    public List<Finding> evaluate(Workload workload, ClusterView view) {
        Marking marking = Marking.of(workload);
        if (!marking.marked()) {
            List<DetectedApp> apps = detection.detect(workload);
            if (apps.isEmpty()) {
                return List.of();
            }
            Checks checks = new Checks(workload, view);
            List<Finding> out = new ArrayList<>();
            for (DetectedScope.Detected d : DetectedScope.resolve(workload, apps)) {
                List<Finding> found = new ArrayList<>();
                checks.check(d.volume(), d.journal(), found);
                found.forEach(f -> out.add(DetectionNote.add(f, d)));
            }
            return RuleExceptions.of(workload).apply(workload, out, exceptions);
        }
        List<Finding> out = new ArrayList<>();
        if (marking.invalidValue() != null) {
            out.add(Finding.invalidAnnotation(
                    workload.display(),
                    "annotation " + Marking.SQLITE_WAL + " of "
                            + workload.display() + " has the value \"" + Prose.clip(marking.invalidValue())
                            + "\", which is neither "
                            + "\"true\" nor \"false\"; it counts as marked.",
                    "Set " + Marking.SQLITE_WAL + " to \"true\" or \"false\"."));
        }
        List<ScopedVolume> scoped = VolumeScope.resolve(workload, marking, out);
        List<Finding> perVolume = new ArrayList<>();
        Checks checks = new Checks(workload, view);
        for (ScopedVolume volume : scoped) {
            checks.check(volume, JournalMode.WAL, perVolume);
        }
        // Annotation problems first, then per-volume findings, then databases on no volume.
        List<Finding> ordered = new ArrayList<>(out.size() + perVolume.size());
        List<Finding> onNoVolume = new ArrayList<>();
        for (Finding f : out) {
            (f.rule() == RuleId.WAL000 ? ordered : onNoVolume).add(f);
        }
        ordered.addAll(perVolume);
        ordered.addAll(onNoVolume);
        return RuleExceptions.of(workload).apply(workload, ordered, exceptions);
    }

    /** The per-volume rules of one evaluation, with what they share across its volumes. */
    private final class Checks {
        private final Workload workload;
        private final ClusterView view;
        private final Parties parties;
        // A claim's verdict depends on the claim alone: classified once however many volumes name it.
        private final Map<String, StorageVerdict> byClaim = new HashMap<>();
        private List<String> safeClasses;

        Checks(Workload workload, ClusterView view) {
            this.workload = workload;
            this.view = view;
            this.parties = new Parties(workload, view, detection);
        }

        /** What the API objects say, unless the node agent saw a network filesystem ({@link ObservedStorage}). */
        private StorageVerdict classify(ScopedVolume volume) {
            StorageVerdict declared = volume.volume() != null
                    ? classifier.classify(workload.namespace(), volume.volume(), view)
                    : classifier.classifyTemplate(workload.namespace(), volume.template(), view);
            return ObservedStorage.overlay(workload, volume, declared, view);
        }

        void check(ScopedVolume volume, JournalMode journal, List<Finding> out) {
            StorageVerdict storage = volume.claimName() != null
                    ? byClaim.computeIfAbsent(volume.claimName(), c -> classify(volume))
                    : classify(volume);
            if (storage.type() == StorageType.NETWORK && safeClasses == null) {
                safeClasses = safeClasses(view);
            }
            List<String> hints = safeClasses == null ? List.of() : safeClasses;
            // The storage rules read no parties; the party rules get each sharing group in turn.
            VolumeContext ctx = new VolumeContext(workload, volume, storage, List.of(), hints, unknownStorage);
            for (VolumeRule rule : journal == JournalMode.WAL ? VOLUME_RULES : rollbackRules) {
                rule.check(ctx, out);
            }
            if (journal != JournalMode.WAL || alone(volume)) {
                return;
            }
            for (PartyGroups.Group group : parties.groupsOf(volume)) {
                VolumeContext sharing = new VolumeContext(
                        workload, volume, storage, group.parties(), hints, unknownStorage, group.where());
                for (VolumeRule rule : PARTY_RULES) {
                    rule.check(sharing, out);
                }
            }
        }
    }

    /**
     * Whether one container alone mounts the volume, which no other pod can share (no claim): one party, and both
     * party rules need two. Skipping them spares thousands of emptyDirs their grouping.
     */
    private static boolean alone(ScopedVolume volume) {
        if (volume.claimName() != null) {
            return false;
        }
        List<Mount> mounts = volume.mounts();
        for (int i = 1; i < mounts.size(); i++) {
            if (mounts.get(i).container() != mounts.get(0).container()) {
                return false;
            }
        }
        return true;
    }

    /** Block or local classes in the cluster, the default first, to name in a WAL001 fix. */
    private List<String> safeClasses(ClusterView view) {
        return view.storageClasses().stream()
                .filter(sc -> {
                    StorageType t = classifier.classifyClassForNewClaim(sc);
                    return t == StorageType.BLOCK || t == StorageType.LOCAL;
                })
                .sorted(Comparator.comparing((StorageClass sc) -> !DefaultStorageClass.isDefault(sc))
                        .thenComparing(sc -> sc.getMetadata().getName()))
                .limit(SAFE_CLASS_HINTS)
                .map(sc -> sc.getMetadata().getName())
                .toList();
    }
}
