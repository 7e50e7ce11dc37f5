package dev.walguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.walguard.cluster.SnapshotClusterView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClaimVerdictsTest {

    private static final Object CLAIM = new Object();
    private static final Object PV = new Object();
    private static final Object SC = new Object();

    /** A second lookup after a first of (apps/data, CLAIM, PV, SC): whether it is judged again. */
    static Stream<Arguments> secondLookups() {
        return Stream.of(
                Arguments.of("the same three objects are judged once", "apps", "data", CLAIM, PV, SC, 1),
                Arguments.of("a replaced claim is judged again", "apps", "data", new Object(), PV, SC, 2),
                Arguments.of("a replaced volume is judged again", "apps", "data", CLAIM, new Object(), SC, 2),
                Arguments.of("a replaced class is judged again", "apps", "data", CLAIM, PV, new Object(), 2),
                Arguments.of("a volume gone is judged again", "apps", "data", CLAIM, null, SC, 2),
                Arguments.of("a class gone is judged again", "apps", "data", CLAIM, PV, null, 2),
                Arguments.of("another claim name is judged again", "apps", "other", CLAIM, PV, SC, 2),
                Arguments.of("another namespace is judged again", "web", "data", CLAIM, PV, SC, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secondLookups")
    void aVerdictIsKeptOnlyForTheSameObjects(
            String name, String namespace, String claimName, Object claim, Object pv, Object sc, int judged) {
        ClaimVerdicts verdicts = new ClaimVerdicts();
        AtomicInteger calls = new AtomicInteger();
        Supplier<StorageVerdict> judge = () -> verdict(calls.incrementAndGet());

        StorageVerdict first = verdicts.get("apps", "data", CLAIM, PV, SC, judge);
        StorageVerdict second = verdicts.get(namespace, claimName, claim, pv, sc, judge);

        assertEquals(judged, calls.get());
        assertEquals(judged == 1 ? "judged 1" : "judged 2", second.reason());
        assertEquals("judged 1", first.reason());
    }

    @Test
    void aClaimWithoutVolumeOrClassIsKeptToo() {
        ClaimVerdicts verdicts = new ClaimVerdicts();
        AtomicInteger calls = new AtomicInteger();
        StorageVerdict first = verdicts.get("apps", "data", CLAIM, null, null, () -> verdict(calls.incrementAndGet()));
        StorageVerdict second = verdicts.get("apps", "data", CLAIM, null, null, () -> verdict(calls.incrementAndGet()));
        assertSame(first, second);
        assertEquals(1, calls.get());
    }

    @Test
    void beyondTheLimitTheCacheStartsAgainEmpty() {
        ClaimVerdicts verdicts = new ClaimVerdicts();
        for (int i = 0; i < ClaimVerdicts.MAX; i++) {
            verdicts.get("apps", "claim-" + i, new Object(), null, null, () -> verdict(0));
        }
        assertEquals(ClaimVerdicts.MAX, verdicts.size());
        verdicts.get("apps", "one-more", CLAIM, null, null, () -> verdict(0));
        assertEquals(1, verdicts.size());
    }

    @Test
    void aClassifierJudgesAReplacedVolumeAfresh() {
        StorageClassifier classifier = new StorageClassifier(StoragePatterns.NONE);
        PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("data")
                .withNamespace("apps")
                .endMetadata()
                .withNewSpec()
                .withStorageClassName("")
                .withVolumeName("pv-1")
                .withAccessModes("ReadWriteOnce")
                .endSpec()
                .build();
        Volume volume = new VolumeBuilder()
                .withName("db")
                .withNewPersistentVolumeClaim()
                .withClaimName("data")
                .endPersistentVolumeClaim()
                .build();
        PersistentVolume nfs = new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName("pv-1")
                .endMetadata()
                .withNewSpec()
                .withNewNfs()
                .withServer("nas")
                .withPath("/export")
                .endNfs()
                .endSpec()
                .build();
        PersistentVolume ebs = new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName("pv-1")
                .endMetadata()
                .withNewSpec()
                .withNewCsi()
                .withDriver("ebs.csi.aws.com")
                .withVolumeHandle("vol-1")
                .endCsi()
                .endSpec()
                .build();
        ClusterView before = new SnapshotClusterView(List.<HasMetadata>of(claim, nfs));
        ClusterView after = new SnapshotClusterView(List.<HasMetadata>of(claim, ebs));

        StorageVerdict first = classifier.classify("apps", volume, before);
        StorageVerdict again = classifier.classify("apps", volume, before);
        StorageVerdict replaced = classifier.classify("apps", volume, after);

        assertEquals("PersistentVolume pv-1 is an NFS export (nas:/export)", first.reason());
        assertSame(first, again);
        assertEquals(StorageType.BLOCK, replaced.type());
        assertEquals("driver ebs.csi.aws.com is Amazon EBS, a block device", replaced.reason());
    }

    private static StorageVerdict verdict(int n) {
        return new StorageVerdict(StorageType.BLOCK, "judged " + n, "data", "fast", "ebs.csi.aws.com", List.of());
    }
}
