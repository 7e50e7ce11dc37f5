package dev.walguard.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits findings into what the API server passes on: each warning at most 256 characters, all together at most
 * 4,096; when they overflow, the last entry says how many were left out.
 */
final class WarningBudget {

    private static final int MAX_ENTRY = 256;
    private static final int MAX_TOTAL = 4096;
    private static final String ELLIPSIS = "…";

    private WarningBudget() {}

    static List<String> fit(List<Finding> findings) {
        List<String> out = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < findings.size(); i++) {
            // Built one at a time: the ones past the budget are only counted.
            String e = entry(findings.get(i));
            int left = findings.size() - i - 1;
            // Keep room for the overflow notice unless this is the last entry.
            int reserve = left == 0 ? 0 : overflowNotice(left + 1).length();
            if (total + e.length() + reserve > MAX_TOTAL) {
                out.add(overflowNotice(findings.size() - i));
                return out;
            }
            out.add(e);
            total += e.length();
        }
        return out;
    }

    /** {@code <ID> <summary> Fix: <fix>}, shortening the summary (never the rule id or the fix) to fit 256. */
    private static String entry(Finding f) {
        String full = f.warning();
        if (full.length() <= MAX_ENTRY) {
            return full;
        }
        String tail = " Fix: " + f.fix();
        int room = MAX_ENTRY - f.rule().name().length() - 1 - tail.length() - ELLIPSIS.length();
        if (room >= 40) {
            return f.rule() + " " + f.summary().substring(0, room).stripTrailing() + ELLIPSIS + tail;
        }
        return full.substring(0, MAX_ENTRY - ELLIPSIS.length()) + ELLIPSIS;
    }

    private static String overflowNotice(int leftOut) {
        return leftOut + " more walguard finding" + (leftOut == 1 ? " was" : "s were")
                + " left out to stay within the API server's warning limit.";
    }
}
