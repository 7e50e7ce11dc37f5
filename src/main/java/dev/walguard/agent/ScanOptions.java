package dev.walguard.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options {@code node-scan} and {@code node-agent} share: where to look, and the budget per volume. */
public final class ScanOptions {

    @Option(
            names = "--kubelet-root",
            required = true,
            paramLabel = "DIR",
            description = "The kubelet's root directory as this process sees it (its pods are under DIR/pods).")
    Path kubeletRoot;

    @Option(
            names = "--mountinfo",
            required = true,
            paramLabel = "FILE",
            description = "The host's mount table in /proc/<pid>/mountinfo format, e.g. /proc/self/mountinfo, or "
                    + "the host's /proc/1/mountinfo mounted into the agent's container.")
    Path mountinfo;

    @Option(
            names = "--host-kubelet-root",
            paramLabel = "DIR",
            description = "How the mount table spells the kubelet root (default: --kubelet-root).")
    String hostKubeletRoot;

    @Option(
            names = "--node-name",
            paramLabel = "NAME",
            description = "The node's name (default: $NODE_NAME, else the host name).")
    String nodeName;

    @Option(
            names = "--max-depth",
            defaultValue = "8",
            description = "Directory levels searched below a volume's root (default: ${DEFAULT-VALUE}).")
    int maxDepth;

    @Option(
            names = "--max-entries-per-directory",
            defaultValue = "10000",
            description = "Entries read from one directory (default: ${DEFAULT-VALUE}).")
    int maxEntriesPerDirectory;

    @Option(
            names = "--max-entries",
            defaultValue = "200000",
            description = "Directory entries looked at per volume (default: ${DEFAULT-VALUE}).")
    int maxEntries;

    @Option(
            names = "--max-probes",
            defaultValue = "2000",
            description = "Candidate files whose 100-byte header is read, per volume (default: ${DEFAULT-VALUE}).")
    int maxProbes;

    @Option(
            names = "--time-per-volume",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Wall-clock budget per volume, e.g. 500ms, 5s or 1m (default: ${DEFAULT-VALUE}).")
    Duration timePerVolume;

    ScanLimits limits() {
        return new ScanLimits(
                maxDepth,
                maxEntriesPerDirectory,
                maxEntries,
                maxProbes,
                ScanLimits.DEFAULT.maxDatabases(),
                timePerVolume);
    }

    String hostKubeletRoot() {
        return hostKubeletRoot != null
                ? hostKubeletRoot
                : kubeletRoot.toAbsolutePath().toString();
    }

    String nodeName() throws IOException {
        if (nodeName != null && !nodeName.isBlank()) {
            return nodeName;
        }
        String env = System.getenv("NODE_NAME");
        return env != null && !env.isBlank() ? env : InetAddress.getLocalHost().getHostName();
    }

    MountInfo readMountInfo() throws IOException {
        BufferedReader reader = Files.newBufferedReader(mountinfo, StandardCharsets.UTF_8);
        try (reader) {
            return MountInfo.parse(reader);
        } catch (java.nio.file.FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(mountinfo + ": " + e.getMessage(), e);
        }
    }

    /** Scans the node once with these options. */
    NodeObservation scan(NodeScanner scanner) throws IOException {
        return scanner.scan(nodeName(), kubeletRoot, hostKubeletRoot(), readMountInfo());
    }

    NodeScanner scanner() {
        return new NodeScanner(FilesystemCatalogue.builtIn(), new DatabaseFinder(limits()));
    }
}
