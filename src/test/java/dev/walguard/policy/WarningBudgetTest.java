package dev.walguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WarningBudgetTest {

    /** An inline volume: no claim, class or driver. */
    private static final StorageVerdict EMPTY_DIR =
            new StorageVerdict(StorageType.LOCAL, "emptyDir is node-local", null, null, null, List.of());

    private static Finding finding(int i, int reasonLength) {
        String reason = "r" + i + " "
                + "x".repeat(Math.max(0, reasonLength - 3 - String.valueOf(i).length()));
        return Finding.onVolume(
                RuleId.WAL004,
                Severity.WARNING,
                "Pod a/b",
                "v" + i,
                EMPTY_DIR,
                List.of(),
                reason,
                reason,
                "Mount it read-write.");
    }

    @Test
    void shortWarningsPassUnchanged() {
        assertThat(WarningBudget.fit(List.of(finding(1, 20))))
                .containsExactly("WAL004 r1 xxxxxxxxxxxxxxxx Fix: Mount it read-write.");
    }

    @Test
    void aLongWarningIsShortenedInItsSummaryAndKeepsRuleIdAndFix() {
        String w = WarningBudget.fit(List.of(finding(1, 400))).get(0);

        assertThat(w).hasSize(256).startsWith("WAL004 r1 xxx").endsWith("x… Fix: Mount it read-write.");
    }

    @Test
    void overflowKeepsTheTotalUnder4096AndSaysHowManyWereLeftOut() {
        List<Finding> many =
                IntStream.range(0, 40).mapToObj(i -> finding(i, 200)).toList();

        List<String> warnings = WarningBudget.fit(many);

        assertThat(warnings.stream().mapToInt(String::length).sum()).isLessThanOrEqualTo(4096);
        assertThat(warnings).allSatisfy(w -> assertThat(w.length()).isLessThanOrEqualTo(256));
        int kept = warnings.size() - 1;
        assertThat(kept).isEqualTo(17);
        assertThat(warnings.get(kept))
                .isEqualTo((40 - kept) + " more walguard findings were left out to stay "
                        + "within the API server's warning limit.");
        assertThat(warnings.subList(0, kept)).allSatisfy(w -> assertThat(w).startsWith("WAL004 "));
    }

    @Test
    void exactlyFittingWarningsNeedNoNotice() {
        // 16 entries of 256 characters are exactly 4096.
        List<Finding> sixteen =
                IntStream.range(0, 16).mapToObj(i -> finding(i, 400)).toList();

        List<String> warnings = WarningBudget.fit(sixteen);

        assertThat(warnings).hasSize(16).allSatisfy(w -> assertThat(w).hasSize(256));
    }
}
