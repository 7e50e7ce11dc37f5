package dev.walguard.agent;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pod volumes in the kubelet's directory: {@code <root>/pods/<pod-uid>/volumes/<plugin>/<volume>}. For CSI
 * volumes ({@code kubernetes.io~csi}) the filesystem is mounted on the {@code mount} subdirectory, beside the
 * kubelet's {@code vol_data.json}.
 */
final class KubeletVolumes {

    static final String CSI_PLUGIN = "kubernetes.io~csi";

    /** A node runs at most a few hundred pods (kubelet maxPods defaults to 110). */
    static final int MAX_PODS = 1_000;

    static final int MAX_VOLUMES_PER_POD = 256;

    /**
     * One pod volume.
     *
     * @param directory where its content is, as this process sees it
     * @param suffix its path below the kubelet root, starting with {@code /pods/}
     */
    record PodVolume(String podUid, String plugin, String volume, Path directory, String suffix) {}

    /** The volumes found, and why the listing stopped early, or null. */
    record Listing(List<PodVolume> volumes, String stoppedEarly) {}

    private KubeletVolumes() {}

    static Listing list(Path kubeletRoot) throws IOException {
        Path pods = kubeletRoot.resolve("pods");
        if (!Files.isDirectory(pods, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(pods.toString(), null, "not a directory; is --kubelet-root right?");
        }
        List<PodVolume> volumes = new ArrayList<>();
        String stoppedEarly = null;
        List<String> podUids = names(pods, MAX_PODS);
        if (podUids.size() > MAX_PODS) {
            stoppedEarly = "more than " + MAX_PODS + " pod directories; only the first " + MAX_PODS + " were listed";
            podUids = podUids.subList(0, MAX_PODS);
        }
        for (String uid : podUids) {
            Path podVolumes = pods.resolve(uid).resolve("volumes");
            int count = 0;
            for (String plugin : names(podVolumes, MAX_VOLUMES_PER_POD)) {
                for (String volume : names(podVolumes.resolve(plugin), MAX_VOLUMES_PER_POD)) {
                    if (count++ == MAX_VOLUMES_PER_POD) {
                        stoppedEarly = stoppedEarly != null
                                ? stoppedEarly
                                : "pod " + uid + " has more than " + MAX_VOLUMES_PER_POD + " volumes";
                        break;
                    }
                    String suffix = "/pods/" + uid + "/volumes/" + plugin + "/" + volume;
                    Path directory = podVolumes.resolve(plugin).resolve(volume);
                    if (plugin.equals(CSI_PLUGIN)) {
                        suffix += "/mount";
                        directory = directory.resolve("mount");
                    }
                    volumes.add(new PodVolume(uid, plugin, volume, directory, suffix));
                }
            }
        }
        return new Listing(volumes, stoppedEarly);
    }

    /**
     * The sorted names of the directories in {@code dir}, at most {@code max + 1} of them (one more says there were
     * more). Symbolic links are left out: the kubelet creates none here.
     */
    private static List<String> names(Path dir, int max) throws IOException {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return names;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path child : stream) {
                if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    names.add(child.getFileName().toString());
                    if (names.size() > max) {
                        break;
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return names; // the pod went away during the scan
        }
        names.sort(null);
        return names;
    }
}
