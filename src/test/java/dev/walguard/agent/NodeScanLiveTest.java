package dev.walguard.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * node-scan against the real kernel: a real tmpfs and a real FUSE mount (bindfs) in a kubelet-shaped tree, a real
 * WAL database on each, and the real /proc/self/mountinfo. It needs root and a kernel that lets this process mount;
 * elsewhere it skips and says why. Either way it prints a line to the build output, so CI shows whether it ran.
 */
class NodeScanLiveTest {

    @TempDir
    Path tmp;

    private final List<Path> mounted = new ArrayList<>();

    @AfterEach
    void unmount() throws Exception {
        for (int i = mounted.size() - 1; i >= 0; i--) {
            run("umount", mounted.get(i).toString());
        }
    }

    @Test
    void aRealTmpfsVolumeIsLocalAndItsWalDatabaseIsFound() throws Exception {
        Path volume = tmp.resolve("kubelet/pods/aaaa-1111/volumes/kubernetes.io~empty-dir/memory");
        Files.createDirectories(volume);
        mount("tmpfs", volume, "mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", volume.toString());

        try (Connection open = SqliteFiles.open(volume.resolve("app.db"), true)) {
            JsonNode scan = scan();
            JsonNode entry = only(scan, "aaaa-1111");
            assertThat(entry.path("mountPoint").asText()).isEqualTo(volume.toString());
            assertThat(entry.path("fsType").asText()).isEqualTo("tmpfs");
            assertThat(entry.path("source").asText()).isEqualTo("tmpfs");
            assertThat(entry.path("storage").asText()).isEqualTo("local");
            assertThat(entry.path("databases").toString()).isEqualTo("[{\"path\":\"app.db\",\"wal\":true}]");
            assertThat(entry.path("complete").asBoolean()).isTrue();
        }
        System.out.println("NodeScanLiveTest: RAN on a real tmpfs mount: local, WAL database found");
    }

    @Test
    void aRealFuseVolumeIsReportedWithItsTypeAndItsWalDatabaseIsFound() throws Exception {
        Path backing = Files.createDirectories(tmp.resolve("backing"));
        Path volume = tmp.resolve("kubelet/pods/bbbb-2222/volumes/kubernetes.io~csi/pv-fuse/mount");
        Files.createDirectories(volume);
        mount("FUSE (bindfs)", volume, "bindfs", backing.toString(), volume.toString());

        SqliteFiles.create(volume.resolve("data/app.db"), true);
        JsonNode entry = only(scan(), "bbbb-2222");
        assertThat(entry.path("volume").asText()).isEqualTo("pv-fuse");
        assertThat(entry.path("mountPoint").asText()).isEqualTo(volume.toString());
        // bindfs gives libfuse no subtype: the type is plain "fuse", which says nothing of where data lives.
        assertThat(entry.path("fsType").asText()).isEqualTo("fuse");
        assertThat(entry.path("source").asText()).isEqualTo(backing.toString());
        assertThat(entry.path("storage").asText()).isEqualTo("unknown");
        assertThat(entry.path("databases").toString()).isEqualTo("[{\"path\":\"data/app.db\",\"wal\":true}]");
        System.out.println("NodeScanLiveTest: RAN on a real FUSE (bindfs) mount: fuse, unknown, WAL database found");
    }

    private JsonNode scan() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = NodeScanCommand.run(
                new String[] {
                    "--kubelet-root", tmp.resolve("kubelet").toString(),
                    "--mountinfo", "/proc/self/mountinfo",
                    "--node-name", "live"
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(exit).isZero();
        return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode only(JsonNode scan, String podUid) {
        List<JsonNode> volumes = new ArrayList<>();
        scan.path("volumes").forEach(v -> {
            if (v.path("podUid").asText().equals(podUid)) {
                volumes.add(v);
            }
        });
        assertThat(volumes).hasSize(1);
        return volumes.get(0);
    }

    /** Mounts, or skips the test with the reason when this machine does not let it. */
    private void mount(String what, Path target, String... command) throws Exception {
        String program = command[0];
        if (!onPath(program)) {
            skip(what, program + " is not installed (Debian: apt-get install -y " + program + ")");
        }
        String failure = run(command);
        if (failure != null) {
            skip(what, "mounting is not allowed here (needs root and CAP_SYS_ADMIN): " + failure);
        }
        mounted.add(target);
    }

    private static void skip(String what, String why) {
        System.out.println("NodeScanLiveTest: SKIPPED the " + what + " test: " + why);
        Assumptions.abort("node-scan live test on " + what + " skipped: " + why);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command; returns null on success, else its exit code and first line of output. */
    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not finish within 30 s";
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return process.exitValue() == 0
                ? null
                : "exit " + process.exitValue() + ": "
                        + output.lines().findFirst().orElse("");
    }
}
