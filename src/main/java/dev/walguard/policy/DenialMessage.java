package dev.walguard.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The message of a denial: one line per violation, grouped and bounded. Violations of one rule on volumes of one
 * claim show their first {@link #SHOWN_PER_GROUP} in full and count the rest on one line
 * ({@code WAL001 … and 15,998 more volumes on claim media-library.}); each line is cut at {@link #MAX_LINE}
 * characters and the whole message at {@link #MAX_CHARS}, whose last line counts what was left out. However large
 * the workload, the AdmissionReview answer stays far below the 256 KiB walguard allows itself (at most 6 bytes of
 * JSON per character, for an escaped control character).
 */
final class DenialMessage {

    static final int SHOWN_PER_GROUP = 2;
    static final int MAX_LINE = 2_000;
    static final int MAX_CHARS = 16_000;
    private static final String ELLIPSIS = "…";

    /** A group of violations: one rule, on volumes of one claim (empty: on no claim). */
    private record RuleOnClaim(RuleId rule, String claim) {}

    private DenialMessage() {}

    static String of(List<Finding> violations) {
        Map<RuleOnClaim, List<Finding>> groups = new LinkedHashMap<>();
        for (Finding f : violations) {
            groups.computeIfAbsent(
                            new RuleOnClaim(f.rule(), f.claim() == null ? "" : f.claim()), k -> new ArrayList<>())
                    .add(f);
        }
        StringBuilder out = new StringBuilder();
        int told = 0;
        for (List<Finding> group : groups.values()) {
            List<String> lines = new ArrayList<>();
            group.stream().limit(SHOWN_PER_GROUP).forEach(f -> lines.add(line(f)));
            if (group.size() > SHOWN_PER_GROUP) {
                lines.add(more(group.get(0), group.size() - SHOWN_PER_GROUP));
            }
            for (int i = 0; i < lines.size(); i++) {
                int covers = i < SHOWN_PER_GROUP ? 1 : group.size() - SHOWN_PER_GROUP;
                String notice = leftOut(violations.size() - told - covers);
                boolean last = told + covers == violations.size();
                if (out.length() + 1 + lines.get(i).length() + (last ? 0 : 1 + notice.length()) > MAX_CHARS) {
                    return out.append(out.isEmpty() ? "" : "\n")
                            .append(leftOut(violations.size() - told))
                            .toString();
                }
                out.append(out.isEmpty() ? "" : "\n").append(lines.get(i));
                told += covers;
            }
        }
        return out.toString();
    }

    /** {@code <ID> <reason> Fix: <fix>}, shortened in its reason (never the id or the fix) to {@link #MAX_LINE}. */
    private static String line(Finding f) {
        String full = f.message();
        if (full.length() <= MAX_LINE) {
            return full;
        }
        String tail = " Fix: " + f.fix();
        int room = MAX_LINE - f.rule().name().length() - 1 - tail.length() - ELLIPSIS.length();
        if (room >= 200) {
            return f.rule() + " " + Prose.clip(f.reason(), room).stripTrailing() + ELLIPSIS + tail;
        }
        return Prose.clip(full, MAX_LINE - ELLIPSIS.length()) + ELLIPSIS;
    }

    /** {@code WAL001 … and 15,998 more volumes on claim media-library.} */
    private static String more(Finding first, int more) {
        String what = first.volume() == null
                ? (more == 1 ? " more finding" : " more findings")
                : more == 1 ? " more volume" : " more volumes";
        return first.rule() + " " + ELLIPSIS + " and " + Prose.count(more) + what
                + (first.claim() == null ? "" : " on claim " + Prose.clip(first.claim())) + ".";
    }

    private static String leftOut(int n) {
        return ELLIPSIS + " and " + Prose.count(n) + " more violation" + (n == 1 ? "" : "s")
                + ", left out to keep this message short.";
    }
}
