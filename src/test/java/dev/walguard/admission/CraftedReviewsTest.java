package dev.walguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walguard.bench.CraftedReviews;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The crafted reviews of the complexity benchmark through the handler: each is answered, and the answer stays
 * within its bounds whatever the input. They run at a quarter of the API server's 3 MiB to keep the build quick
 * (thousands of volumes, paths or containers all the same); bench/complexity.sh times them at the full size, and
 * this test asserts no time.
 */
class CraftedReviewsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RESPONSE = 256 * 1024;
    private static final AdmissionReviewHandler HANDLER =
            Handlers.handler(Handlers.EXAMPLE_CLUSTER, new SimpleMeterRegistry());

    static Stream<String> reviews() {
        return CraftedReviews.ALL.keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reviews")
    void theAnswerToALargeCraftedReviewIsBounded(String name) throws IOException {
        byte[] review = CraftedReviews.ALL.get(name).apply(CraftedReviews.largestN(CraftedReviews.ALL.get(name)) / 4);
        assertThat(review.length).isBetween(CraftedReviews.MAX_BYTES / 5, CraftedReviews.MAX_BYTES / 4);

        byte[] answer = HANDLER.handle(review);

        assertThat(answer.length).isLessThan(MAX_RESPONSE);
        JsonNode response = JSON.readTree(answer).path("response");
        List<String> warnings = new ArrayList<>();
        response.path("warnings").forEach(w -> warnings.add(w.asText()));
        assertThat(warnings).allSatisfy(w -> assertThat(w.length()).isLessThanOrEqualTo(256));
        assertThat(warnings.stream().mapToInt(String::length).sum()).isLessThanOrEqualTo(4096);
        assertThat(response.path("status").path("message").asText("").length()).isLessThanOrEqualTo(16_000);
        assertThat(response.path("status").path("code").asInt(0)).isIn(0, 403);
    }

    @Test
    void sixteenThousandVolumesOnOneClaimAreTwoLinesAndACount() throws IOException {
        byte[] answer = HANDLER.handle(CraftedReviews.volumesOnClaim("media", "sonarr-config", 16_000, "CREATE"));

        assertThat(answer.length).isLessThan(MAX_RESPONSE);
        JsonNode response = JSON.readTree(answer).path("response");
        assertThat(response.path("allowed").asBoolean()).isFalse();
        String[] lines = response.path("status").path("message").asText().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo(wal001("v0"));
        assertThat(lines[1]).isEqualTo(wal001("v1"));
        assertThat(lines[2]).isEqualTo("WAL001 … and 15,998 more volumes on claim sonarr-config.");
        assertThat(response.path("auditAnnotations").path("findings").asText()).isEqualTo("WAL001");
    }

    @Test
    void thousandsOfPathsOnNoVolumeInThousandsOfContainersAreOneWarning() throws IOException {
        JsonNode response = JSON.readTree(HANDLER.handle(CraftedReviews.pathsOnNoVolume(16 * 20_000)))
                .path("response");

        // The one finding names ten paths and counts the rest; its warning is that, cut to 256 characters.
        assertThat(response.path("warnings")).hasSize(1);
        assertThat(response.path("warnings").get(0).asText())
                .isEqualTo("WAL005 Deployment media/crafted keeps "
                        + "databases /nowhere/0.db, /nowhere/1.db, /nowhere/2.db, /nowhere/3.db, /nowhere/4.db, "
                        + "/nowhere/5.db, /nowhere/6.db, /nowh… Fix: Mount a volume at /nowhere (or a parent "
                        + "directory) backed by a block or local StorageClass.");
    }

    private static String wal001(String volume) {
        return "WAL001 Deployment media/crafted container app cannot keep a SQLite WAL database on volume \""
                + volume + "\" (claim sonarr-config, StorageClass nfs-client, driver nfs.csi.k8s.io) because it is a "
                + "network filesystem: driver nfs.csi.k8s.io serves NFS (csi-driver-nfs). Its hosts do not share the "
                + "memory-mapped, fcntl-locked -shm wal-index, so the database corrupts. Volume \"" + volume
                + "\" is checked because no "
                + "walguard.dev/volumes or walguard.dev/paths annotation narrows the scope. Fix: Name the database volumes in "
                + "walguard.dev/volumes or walguard.dev/paths, or use a ReadWriteOnce "
                + "claim on a block or local StorageClass such as \"ebs-gp3\" or \"ceph-block\".";
    }
}
