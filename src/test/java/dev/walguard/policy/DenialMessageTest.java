package dev.walguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DenialMessageTest {

    private static Finding wal001(int volume, String claim, int reasonLength) {
        StorageVerdict nfs = new StorageVerdict(StorageType.NETWORK, "NFS", claim, "nfs", "nfs.csi.k8s.io", List.of());
        String reason = "v" + volume + " " + "x".repeat(reasonLength);
        return Finding.onVolume(
                RuleId.WAL001,
                Severity.VIOLATION,
                "Pod a/b",
                "v" + volume,
                nfs,
                List.of("app"),
                reason,
                reason,
                "Use a block claim.");
    }

    @Test
    void violationsOfOneRuleOnOneClaimShowTwoAndCountTheRest() {
        List<Finding> findings =
                IntStream.range(0, 5).mapToObj(i -> wal001(i, "data", 10)).toList();

        assertThat(DenialMessage.of(findings))
                .isEqualTo("WAL001 v0 xxxxxxxxxx Fix: Use a block claim.\n"
                        + "WAL001 v1 xxxxxxxxxx Fix: Use a block claim.\n"
                        + "WAL001 … and 3 more volumes on claim data.");
    }

    @Test
    void sixteenThousandClaimsStopAtTheBudgetAndCountWhatIsLeftOut() {
        List<Finding> findings = IntStream.range(0, 16_000)
                .mapToObj(i -> wal001(i, "c" + i, 300))
                .toList();

        String message = DenialMessage.of(findings);

        assertThat(message.length()).isLessThanOrEqualTo(DenialMessage.MAX_CHARS);
        String[] lines = message.split("\n");
        assertThat(lines[0]).startsWith("WAL001 v0 xxx");
        int shown = lines.length - 1;
        assertThat(lines[shown])
                .isEqualTo("… and " + String.format(Locale.ROOT, "%,d", 16_000 - shown)
                        + " more violations, left out to keep this message short.");
    }

    @Test
    void aLongReasonIsCutKeepingTheRuleAndTheFix() {
        String line = DenialMessage.of(List.of(wal001(0, "data", 1_000_000)));

        assertThat(line)
                .hasSize(DenialMessage.MAX_LINE)
                .startsWith("WAL001 v0 xxx")
                .endsWith("x… Fix: Use a block claim.");
    }
}
