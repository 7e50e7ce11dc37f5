package dev.walguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link MountIndex} against the obvious paths × containers × mounts loop, on random small pods. */
class MountIndexTest {

    private static final String[] MOUNT_PATHS = {
        "/", "/a", "/a/", "/a/b", "/a/b/c", "/b", "/a/c", "/a/./b/..", "/../a/b", "/c/d"
    };
    private static final String[] PATHS = {
        "/a/x.db",
        "/a/b/x.db",
        "/a/b/c/x.db",
        "/a/b/c",
        "/b/x.db",
        "/c/x.db",
        "/c/d/e/x.db",
        "/x.db",
        "/a",
        "/a/c/d/x.db"
    };

    private static final String[] SUB_PATHS = {null, null, "sonarr", "sonarr/db", "radarr"};

    @Test
    void agreesWithTheQuadraticDefinitionOnRandomPods() {
        Random random = new Random(20261130);
        for (int round = 0; round < 3000; round++) {
            List<Containers> containers = new ArrayList<>();
            for (int c = random.nextInt(5); c >= 0; c--) {
                List<VolumeMount> mounts = new ArrayList<>();
                for (int m = random.nextInt(5); m > 0; m--) {
                    mounts.add(new VolumeMount(
                            MOUNT_PATHS[random.nextInt(MOUNT_PATHS.length)],
                            null,
                            "v" + random.nextInt(4),
                            null,
                            null,
                            SUB_PATHS[random.nextInt(SUB_PATHS.length)],
                            null));
                }
                containers.add(new Containers("c" + c, "img", mounts, null, false));
            }
            List<List<String>> paths = new ArrayList<>();
            for (int p = random.nextInt(6); p >= 0; p--) {
                paths.add(ContainerPath.segments(PATHS[random.nextInt(PATHS.length)]));
            }

            MountIndex.Result result = resolve(containers, paths);

            MountIndex.Result expected = bruteForce(containers, paths);
            assertThat(result).as("round %d: %s / %s", round, containers, paths).isEqualTo(expected);
        }
    }

    /** Each volume name numbered by its first mount, as {@link VolumeScope} numbers them. */
    private static Map<String, Integer> numbers(List<Containers> containers) {
        Map<String, Integer> numbers = new LinkedHashMap<>();
        containers.forEach(c -> c.mounts().forEach(m -> numbers.putIfAbsent(m.getName(), numbers.size())));
        return numbers;
    }

    private static MountIndex.Result resolve(List<Containers> containers, List<List<String>> paths) {
        Map<String, Integer> numbers = numbers(containers);
        MountIndex.Mounts mounts = new MountIndex.Mounts(1);
        for (int c = 0; c < containers.size(); c++) {
            for (VolumeMount m : containers.get(c).mounts()) {
                mounts.add(
                        c,
                        numbers.get(m.getName()),
                        new Mount(containers.get(c), m.getMountPath(), false, VolumeLocation.of(m, Parties.SELF)));
            }
        }
        return MountIndex.resolve(mounts, paths);
    }

    /** Where the databases of the volume numbered {@code volume} are; fails when no path lands on it. */
    private static List<VolumeLocation> databasesOn(MountIndex.Result result, int volume) {
        return result.volumes().stream()
                .filter(l -> l.volume() == volume)
                .findFirst()
                .orElseThrow()
                .databases();
    }

    /** {@code containers} containers that each mount v0 at /data from subPath x, and 64 database paths under /data. */
    private static MountIndex.Result identicalMounts(int containers) {
        List<Containers> all = new ArrayList<>();
        for (int c = 0; c < containers; c++) {
            all.add(new Containers(
                    "c" + c, "img", List.of(new VolumeMount("/data", null, "v0", null, null, "x", null)), null, false));
        }
        List<List<String>> paths = new ArrayList<>();
        for (int p = 0; p < PartyGroups.MAX_LOCATIONS; p++) {
            paths.add(ContainerPath.segments("/data/db-" + p + ".sqlite"));
        }
        return resolve(all, paths);
    }

    @Test
    void databasesArePlacedUnderTheSubPathWhileTheWorkStaysLinear() {
        assertThat(databasesOn(identicalMounts(2), 0))
                .hasSize(PartyGroups.MAX_LOCATIONS)
                .startsWith(VolumeLocation.ROOT.resolve(List.of("x", "db-0.sqlite")));
        // Every container lands every path in the same 64 places: past a linear budget of work, anywhere on the
        // volume counts (null) rather than visiting containers × paths.
        assertThat(databasesOn(identicalMounts(5000), 0)).isNull();
    }

    @Test
    void aMountUnderMorePathsThanPlacesAllowedPutsTheDatabasesAnywhereOnItsVolume() {
        List<Containers> one = List.of(new Containers(
                "app", "img", List.of(new VolumeMount("/data", null, "v0", null, null, "x", null)), null, false));
        List<List<String>> paths = new ArrayList<>();
        for (int p = 0; p <= PartyGroups.MAX_LOCATIONS; p++) {
            paths.add(ContainerPath.segments("/data/db-" + p + ".sqlite"));
        }

        assertThat(databasesOn(resolve(one, paths.subList(0, PartyGroups.MAX_LOCATIONS)), 0))
                .hasSize(PartyGroups.MAX_LOCATIONS)
                .endsWith(VolumeLocation.ROOT.resolve(List.of("x", "db-63.sqlite")));
        assertThat(databasesOn(resolve(one, paths), 0)).isNull();
    }

    /**
     * For each path and container, the longest covering mount (the first of equals); ordered as they are met. The
     * path's file is at that mount's subPath plus the rest of the path.
     */
    private static MountIndex.Result bruteForce(List<Containers> containers, List<List<String>> paths) {
        Map<String, int[]> volumes = new LinkedHashMap<>();
        Map<String, Set<Integer>> pathsOn = new LinkedHashMap<>();
        Map<String, Set<VolumeLocation>> databases = new LinkedHashMap<>();
        List<Integer> onNoVolume = new ArrayList<>();
        for (int p = 0; p < paths.size(); p++) {
            boolean any = false;
            for (int c = 0; c < containers.size(); c++) {
                VolumeMount best = null;
                int bestLength = -1;
                for (VolumeMount m : containers.get(c).mounts()) {
                    List<String> mount = ContainerPath.mountSegments(m.getMountPath());
                    if (mount.size() <= paths.get(p).size()
                            && paths.get(p).subList(0, mount.size()).equals(mount)
                            && mount.size() > bestLength) {
                        best = m;
                        bestLength = mount.size();
                    }
                }
                if (best != null) {
                    any = true;
                    volumes.putIfAbsent(best.getName(), new int[] {p, c});
                    pathsOn.computeIfAbsent(best.getName(), v -> new LinkedHashSet<>())
                            .add(p);
                    databases
                            .computeIfAbsent(best.getName(), v -> new LinkedHashSet<>())
                            .add(VolumeLocation.of(best, Parties.SELF)
                                    .resolve(paths.get(p)
                                            .subList(bestLength, paths.get(p).size())));
                }
            }
            if (!any) {
                onNoVolume.add(p);
            }
        }
        Map<String, Integer> numbers = numbers(containers);
        List<MountIndex.Landing> out = new ArrayList<>();
        volumes.forEach((v, first) -> out.add(new MountIndex.Landing(
                numbers.get(v), first[0], first[1], pathsOn.get(v).size(), List.copyOf(databases.get(v)))));
        return new MountIndex.Result(out, onNoVolume);
    }
}
