package dev.walguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The linear forms of the WAL002 and WAL006 checks against their pairwise definitions, on random parties. */
class UidRulesTest {

    @Test
    void firstSharedGroupIsTheFirstGroupOfTheFirstPartyThatEveryPartyHas() {
        Random random = new Random(20261130);
        for (int round = 0; round < 5000; round++) {
            List<Set<Long>> pods = new ArrayList<>();
            for (int p = random.nextInt(3); p >= 0; p--) {
                Set<Long> groups = new LinkedHashSet<>();
                for (int g = random.nextInt(4); g > 0; g--) {
                    groups.add((long) random.nextInt(5));
                }
                pods.add(groups);
            }
            List<Party> parties = new ArrayList<>();
            for (int i = random.nextInt(5); i >= 0; i--) {
                Long gid = random.nextInt(3) == 0 ? null : (long) random.nextInt(5);
                parties.add(new Party(
                        "c" + i, "container c" + i, "img", 1000L, gid, pods.get(random.nextInt(pods.size())), false));
            }

            assertThat(UidMismatchRule.firstSharedGroup(parties))
                    .as("%s", parties)
                    .isEqualTo(pairwiseFirstSharedGroup(parties));
        }
    }

    @Test
    void unverifiableWhenAPartyWithoutUidMeetsAUidOrAnotherImage() {
        Random random = new Random(20261201);
        UidUnverifiableRule rule = new UidUnverifiableRule();
        for (int round = 0; round < 5000; round++) {
            List<Party> parties = new ArrayList<>();
            for (int i = random.nextInt(4); i >= 0; i--) {
                String image = random.nextInt(4) == 0 ? null : "img" + random.nextInt(2);
                Long uid = random.nextBoolean() ? null : 1000L;
                parties.add(new Party("c" + i, "container c" + i, image, uid, null, Set.of(), false));
            }
            boolean pairwise = parties.stream()
                    .filter(u -> u.uid() == null)
                    .anyMatch(u -> parties.stream()
                            .anyMatch(p ->
                                    p != u && (p.uid() != null || !java.util.Objects.equals(p.image(), u.image()))));
            List<Finding> out = new ArrayList<>();

            rule.check(
                    new VolumeContext(
                            new Workload("Pod", "ns", "p", null, null, null, null, null),
                            new ScopedVolume("data", null, null, List.of(), false, null),
                            new StorageVerdict(
                                    StorageType.LOCAL, "emptyDir is node-local", null, null, null, List.of()),
                            parties,
                            List.of(),
                            UnknownStorage.WARN),
                    out);

            assertThat(!out.isEmpty()).as("%s", parties).isEqualTo(pairwise);
        }
    }

    /** The definition: intersect every party's groups (runAsGroup, fsGroup, supplementalGroups), in order. */
    private static Long pairwiseFirstSharedGroup(List<Party> parties) {
        Set<Long> shared = null;
        for (Party p : parties) {
            Set<Long> groups = new LinkedHashSet<>();
            if (p.gid() != null) {
                groups.add(p.gid());
            }
            groups.addAll(p.podGroups());
            if (shared == null) {
                shared = groups;
            } else {
                shared.retainAll(new HashSet<>(groups));
            }
        }
        return shared == null || shared.isEmpty() ? null : shared.iterator().next();
    }
}
