package dev.walguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Grouping parties by where their mounts land on a volume, and its bound for crafted reviews. */
class PartyGroupsTest {

    private static PartyGroups.Located party(int i, String subPath, boolean own) {
        VolumeLocation at = VolumeLocation.of(
                new VolumeMountBuilder()
                        .withName("data")
                        .withMountPath("/data")
                        .withSubPath(subPath)
                        .build(),
                "pod-" + i);
        return new PartyGroups.Located(
                new Party("app-" + i, "container app-" + i, "app:1", (long) 1000 + i, null, Set.of()),
                List.of(at),
                own);
    }

    @Test
    void appsOnDisjointSubPathsFormOneGroupEach() {
        List<List<Party>> groups = PartyGroups.of(List.of(party(0, "sonarr", true), party(1, "radarr", true)));

        assertThat(groups)
                .extracting(g -> g.stream().map(Party::name).toList())
                .containsExactly(List.of("app-0"), List.of("app-1"));
    }

    @Test
    void pastTheBoundOfDistinctPlacesEveryPartySharesTheVolumeRootAsBefore() {
        List<PartyGroups.Located> all = new ArrayList<>();
        for (int i = 0; i <= PartyGroups.MAX_LOCATIONS; i++) {
            all.add(party(i, "app-" + i, i == 0));
        }

        List<List<Party>> groups = PartyGroups.of(all);

        assertThat(groups).singleElement().satisfies(g -> assertThat(g).hasSize(PartyGroups.MAX_LOCATIONS + 1));
    }
}
