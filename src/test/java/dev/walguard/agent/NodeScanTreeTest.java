package dev.walguard.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code node-scan} on a kubelet-shaped directory tree with real SQLite databases (created by SQLite through
 * sqlite-jdbc) and a mount table as the kernel writes it: the exact JSON.
 */
class NodeScanTreeTest {

    private static final Path FIXTURES = Path.of("src/test/resources/dev/walguard/agent/NodeScanTreeTest");

    @TempDir
    Path tmp;

    @Test
    void reportsEveryPodVolumeWithItsMountStorageAndDatabases() throws Exception {
        Path pods = tmp.resolve("kubelet/pods");
        // An EFS (NFS 4.1) CSI volume: the filesystem is on the mount subdirectory, beside vol_data.json.
        Path csi = pods.resolve("1111-aaaa/volumes/kubernetes.io~csi/pvc-6f1e");
        SqliteFiles.create(csi.resolve("mount/app.db"), true);
        Files.writeString(csi.resolve("vol_data.json"), "{\"driverName\":\"efs.csi.aws.com\"}");
        // The service account token: listed, never searched.
        Path token = pods.resolve("1111-aaaa/volumes/kubernetes.io~projected/kube-api-access-7xk2p");
        Files.createDirectories(token);
        Files.writeString(token.resolve("token"), "x".repeat(200));
        // An emptyDir on the kubelet's own disk: a WAL database in use (its -wal and -shm files beside it, no
        // extension) and a rollback-journal one.
        Path cache = pods.resolve("2222-bbbb/volumes/kubernetes.io~empty-dir/cache");
        SqliteFiles.create(cache.resolve("notes.sqlite"), false);
        // An in-tree NFS volume with a space in a directory name and a .db file that is not SQLite.
        Path media = pods.resolve("3333-cccc/volumes/kubernetes.io~nfs/media");
        SqliteFiles.create(media.resolve("My Music/library.db"), false);
        Files.writeString(media.resolve("movie.db"), "not a database ".repeat(20));
        Path mountinfo = Files.copy(FIXTURES.resolve("mountinfo"), tmp.resolve("mountinfo"));

        try (Connection inUse = SqliteFiles.open(cache.resolve("data/store"), true)) {
            assertThat(cache.resolve("data/store-wal")).exists();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = NodeScanCommand.run(
                    new String[] {
                        "--kubelet-root", tmp.resolve("kubelet").toString(),
                        "--host-kubelet-root", "/var/lib/kubelet",
                        "--mountinfo", mountinfo.toString(),
                        "--node-name", "worker-1",
                        "-o", "json"
                    },
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));

            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(exit).isZero();
            ObjectMapper mapper = new ObjectMapper();
            JsonNode expected =
                    mapper.readTree(FIXTURES.resolve("expected.json").toFile());
            assertThat(mapper.readTree(out.toString(StandardCharsets.UTF_8))).isEqualTo(expected);
        }
    }

    @Test
    void textOutputNamesTheStorageAndTheJournalOfEachDatabase() throws Exception {
        Path volume = tmp.resolve("kubelet/pods/4444-dddd/volumes/kubernetes.io~nfs/data");
        SqliteFiles.create(volume.resolve("app.db"), true);
        Path mountinfo = Files.writeString(
                tmp.resolve("mountinfo"),
                "29 1 259:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
                        + "700 29 0:58 / /var/lib/kubelet/pods/4444-dddd/volumes/kubernetes.io~nfs/data rw,relatime "
                        + "shared:402 - nfs4 nas:/export/data rw,vers=4.2\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = NodeScanCommand.run(
                new String[] {
                    "--kubelet-root", tmp.resolve("kubelet").toString(),
                    "--host-kubelet-root", "/var/lib/kubelet",
                    "--mountinfo", mountinfo.toString(),
                    "--node-name", "worker-2",
                    "-o", "text"
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("""
                        node worker-2: 1 pod volumes

                        pod 4444-dddd volume data (kubernetes.io~nfs)
                          storage:   network (nfs4 from nas:/export/data on /var/lib/kubelet/pods/4444-dddd/volumes/kubernetes.io~nfs/data)
                          database:  app.db (WAL)
                        """);
    }
}
