package dev.walguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Grouping parties by where their mounts land on a volume, or by where its databases are, and the bound. */
class PartyGroupsTest {

    /** Party app-i of the workload under review (own) or of another pod, mounting the volume at subPath. */
    private static PartyGroups.Located party(int i, String subPath, boolean own) {
        VolumeLocation at = VolumeLocation.of(
                new VolumeMountBuilder()
                        .withName("data")
                        .withMountPath("/data")
                        .withSubPath(subPath)
                        .build(),
                own ? Parties.SELF : "pod-" + i);
        return new PartyGroups.Located(
                new Party("app-" + i, "container app-" + i, "app:1", (long) 1000 + i, null, Set.of(), false),
                List.of(at),
                own);
    }

    private static VolumeLocation database(String onVolume) {
        return VolumeLocation.ROOT.resolve(ContainerPath.subPathSegments(onVolume));
    }

    /** Each group as {@code <where>: <party names>}. */
    private static List<String> shown(List<PartyGroups.Group> groups) {
        return groups.stream()
                .map(g -> g.where() + ": "
                        + String.join(",", g.parties().stream().map(Party::name).toList()))
                .toList();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "mounts without a subPath are one group at the volume root",
                        List.of(party(0, null, true), party(1, null, false)),
                        null,
                        List.of(": app-0,app-1")),
                Arguments.of(
                        "apps on disjoint subPaths form one group each, named by subPath",
                        List.of(party(0, "sonarr", true), party(1, "radarr", true)),
                        null,
                        List.of(" at subPath sonarr: app-0", " at subPath radarr: app-1")),
                Arguments.of(
                        "an app below another's subPath shares its group, named by the deeper subPath",
                        List.of(party(0, "app", true), party(1, "app/db", false)),
                        null,
                        List.of(" at subPath app/db: app-0,app-1")),
                Arguments.of(
                        "another pod's group without a party of the workload is not reported",
                        List.of(party(0, "sonarr", true), party(1, "radarr", false), party(2, "radarr", false)),
                        null,
                        List.of(" at subPath sonarr: app-0")),
                Arguments.of(
                        "a database file under a subPath groups only the mounts that see it",
                        List.of(party(0, "sonarr", true), party(1, "sonarr/backups", true), party(2, null, false)),
                        List.of(database("sonarr/sonarr.db")),
                        List.of(" at sonarr/sonarr.db on the volume: app-0,app-2")),
                Arguments.of(
                        "two database files seen by the same mounts are reported once, at the first",
                        List.of(party(0, "sonarr", true), party(1, "sonarr", true)),
                        List.of(database("sonarr/sonarr.db"), database("sonarr/logs.db")),
                        List.of(" at sonarr/sonarr.db on the volume: app-0,app-1")),
                Arguments.of(
                        "a database file no mount of another app sees has a group of one",
                        List.of(party(0, "sonarr", true), party(1, "radarr", true)),
                        List.of(database("sonarr/sonarr.db")),
                        List.of(" at sonarr/sonarr.db on the volume: app-0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void groups(
            String description,
            List<PartyGroups.Located> parties,
            List<VolumeLocation> databases,
            List<String> expected) {
        assertThat(shown(PartyGroups.of(parties, databases))).containsExactlyElementsOf(expected);
    }

    @Test
    void pastTheBoundOfDistinctPlacesEveryPartySharesTheVolumeRootAsBefore() {
        List<PartyGroups.Located> all = new ArrayList<>();
        for (int i = 0; i <= PartyGroups.MAX_LOCATIONS; i++) {
            all.add(party(i, "app-" + i, i == 0));
        }

        List<PartyGroups.Group> groups = PartyGroups.of(all);

        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.parties()).hasSize(PartyGroups.MAX_LOCATIONS + 1);
            assertThat(g.where()).isEmpty();
        });
    }
}
