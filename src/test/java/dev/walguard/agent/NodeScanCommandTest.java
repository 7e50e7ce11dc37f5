package dev.walguard.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** node-scan's errors: exit code 2 and one line that says what is wrong, never a stack trace. */
class NodeScanCommandTest {

    @TempDir
    Path tmp;

    private Path mountinfo;

    @BeforeEach
    void tree() throws IOException {
        Files.createDirectories(tmp.resolve("kubelet/pods"));
        mountinfo = Files.writeString(tmp.resolve("mountinfo"), "29 1 259:1 / / rw - ext4 /dev/sda1 rw\n");
    }

    private record Result(int exit, String out, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = NodeScanCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aKubeletRootWithoutPodsIsAnError() {
        Result r = run("--kubelet-root", tmp.resolve("nope").toString(), "--mountinfo", mountinfo.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo("walguard node-scan: cannot read " + tmp.resolve("nope/pods")
                        + ": no such file or directory (not a directory; is --kubelet-root right?)\n");
    }

    @Test
    void aMountTableThatIsNotMountinfoIsAnError() throws IOException {
        Files.writeString(mountinfo, "/dev/sda1 / ext4 rw 0 0\n");
        Result r = run("--kubelet-root", tmp.resolve("kubelet").toString(), "--mountinfo", mountinfo.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("walguard node-scan: cannot read " + mountinfo
                        + ": line 1 of the mount table is not in mountinfo format: "
                        + "expected ID, parent ID, major:minor, root, mount point, options, optional fields, -, "
                        + "type, source, super options\n");
    }

    @Test
    void aNegativeLimitIsAnError() {
        Result r = run(
                "--kubelet-root",
                tmp.resolve("kubelet").toString(),
                "--mountinfo",
                mountinfo.toString(),
                "--max-depth",
                "-1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("walguard node-scan: the scan limits cannot be negative (and entry limits not zero): use a "
                        + "positive --max-depth, --max-entries-per-directory, --max-entries and --max-probes\n");
    }

    @Test
    void aDurationWithoutUnitIsAUsageError() {
        Result r = run(
                "--kubelet-root",
                tmp.resolve("kubelet").toString(),
                "--mountinfo",
                mountinfo.toString(),
                "--time-per-volume",
                "5");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().lines().findFirst().orElseThrow())
                .isEqualTo("walguard node-scan: Invalid value for option '--time-per-volume': '5' is not a duration; "
                        + "write a positive number and ms, s, m or h, e.g. 5s");
    }

    @Test
    void aNodeWithoutPodsIsAnEmptyCompleteScan() {
        Result r = run(
                "--kubelet-root",
                tmp.resolve("kubelet").toString(),
                "--mountinfo",
                mountinfo.toString(),
                "--node-name",
                "empty",
                "-o",
                "json");
        assertThat(r.exit()).isZero();
        assertThat(r.out().replaceAll("\\s", ""))
                .isEqualTo("{\"node\":\"empty\",\"volumes\":[],\"networkMounts\":[],\"complete\":true}");
    }
}
