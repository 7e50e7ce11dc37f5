package dev.walguard.agent;

import dev.walguard.agent.DatabaseFinder.Discovery;
import dev.walguard.agent.KubeletVolumes.PodVolume;
import dev.walguard.agent.NodeObservation.NetworkMount;
import dev.walguard.agent.NodeObservation.Volume;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** One scan of a node: the kubelet's pod volumes, the mount table, and the databases on each volume. */
public final class NodeScanner {

    /**
     * Volumes the kubelet fills from API objects and mounts read-only into containers: no application can keep a
     * database there, so they are listed but not searched.
     */
    static final Set<String> API_CONTENT_PLUGINS = Set.of(
            "kubernetes.io~configmap", "kubernetes.io~secret", "kubernetes.io~projected", "kubernetes.io~downward-api");

    static final int MAX_NETWORK_MOUNTS = 256;

    /** {@code scheme://user:password@host}: the password is not repeated in the output. */
    private static final Pattern PASSWORD = Pattern.compile("(://[^/:@\\s]*):[^/@\\s]*@");

    private final FilesystemCatalogue catalogue;
    private final DatabaseFinder finder;

    public NodeScanner(FilesystemCatalogue catalogue, DatabaseFinder finder) {
        this.catalogue = catalogue;
        this.finder = finder;
    }

    /**
     * @param kubeletRoot the kubelet's root directory as this process sees it
     * @param hostKubeletRoot the same directory as the mount table spells it
     */
    public NodeObservation scan(String node, Path kubeletRoot, String hostKubeletRoot, MountInfo mounts)
            throws IOException {
        String hostRoot = MountInfo.normalize(hostKubeletRoot);
        KubeletVolumes.Listing listing = KubeletVolumes.list(kubeletRoot);
        List<Volume> volumes = new ArrayList<>();
        for (PodVolume podVolume : listing.volumes()) {
            volumes.add(observe(podVolume, mounts.covering(hostRoot + podVolume.suffix())));
        }
        String stoppedEarly = listing.stoppedEarly();
        List<NetworkMount> network = networkMounts(mounts, hostRoot);
        if (network.size() > MAX_NETWORK_MOUNTS) {
            network = network.subList(0, MAX_NETWORK_MOUNTS);
            stoppedEarly = stoppedEarly != null
                    ? stoppedEarly
                    : "more than " + MAX_NETWORK_MOUNTS + " network mounts; only the first were listed";
        }
        return new NodeObservation(node, volumes, List.copyOf(network), stoppedEarly);
    }

    private Volume observe(PodVolume podVolume, Optional<MountEntry> mount) {
        Discovery discovery = API_CONTENT_PLUGINS.contains(podVolume.plugin())
                ? new Discovery(List.of(), null)
                : finder.find(podVolume.directory());
        return new Volume(
                podVolume.podUid(),
                podVolume.volume(),
                podVolume.plugin(),
                mount.map(MountEntry::mountPoint).orElse(null),
                mount.map(MountEntry::fsType).orElse(null),
                mount.map(m -> redact(m.source())).orElse(null),
                mount.map(m -> catalogue.classify(m.fsType())).orElse(Storage.UNKNOWN),
                discovery.databases(),
                discovery.stoppedEarly());
    }

    /**
     * Network mounts outside the kubelet's directory, and every mount inside one of them (a local filesystem mounted
     * below an NFS mount point is not on NFS), so that a longest-prefix lookup over this list alone is right.
     */
    private List<NetworkMount> networkMounts(MountInfo mounts, String hostRoot) {
        List<String> networkPoints = mounts.entries().stream()
                .filter(e -> catalogue.classify(e.fsType()) == Storage.NETWORK)
                .map(MountEntry::mountPoint)
                .filter(p -> !MountInfo.isWithin(p, hostRoot))
                .toList();
        Map<String, NetworkMount> byMountPoint = new LinkedHashMap<>();
        for (MountEntry entry : mounts.entries()) {
            String point = entry.mountPoint();
            if (!MountInfo.isWithin(point, hostRoot)
                    && networkPoints.stream().anyMatch(n -> MountInfo.isWithin(point, n))) {
                byMountPoint.remove(point); // a later mount on the same point hides the earlier one
                byMountPoint.put(
                        point,
                        new NetworkMount(
                                point, entry.fsType(), redact(entry.source()), catalogue.classify(entry.fsType())));
            }
        }
        return new ArrayList<>(byMountPoint.values());
    }

    static String redact(String source) {
        return source == null ? null : PASSWORD.matcher(source).replaceAll("$1:***@");
    }
}
