package dev.walguard.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** A driver or provisioner name pattern where {@code *} matches any run of characters; case-insensitive. */
public final class DriverPattern {

    private final String text;
    private final Pattern regex;

    private DriverPattern(String text) {
        this.text = text;
        StringBuilder sb = new StringBuilder();
        for (String literal : text.toLowerCase(Locale.ROOT).split("\\*", -1)) {
            if (!sb.isEmpty()) {
                sb.append(".*");
            }
            sb.append(Pattern.quote(literal));
        }
        this.regex = Pattern.compile(sb.toString());
    }

    public static DriverPattern of(String text) {
        return new DriverPattern(text.trim());
    }

    /** Parses a comma-separated list such as {@code nfs.csi.k8s.io, *.cephfs.csi.ceph.com}; blanks are skipped. */
    public static List<DriverPattern> list(List<String> entries) {
        List<DriverPattern> out = new ArrayList<>();
        if (entries == null) {
            return out;
        }
        for (String entry : entries) {
            for (String part : entry.split(",")) {
                if (!part.isBlank()) {
                    out.add(of(part));
                }
            }
        }
        return out;
    }

    public boolean matches(String driver) {
        return driver != null && regex.matcher(driver.toLowerCase(Locale.ROOT)).matches();
    }

    /** The lower-cased name when the pattern has no {@code *} (so a hash lookup can replace matching), else null. */
    String literal() {
        return text.contains("*") ? null : text.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return text;
    }
}
