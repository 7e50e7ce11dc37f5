package dev.walguard.policy;

import java.util.List;
import java.util.function.Function;

/**
 * Bounded English for findings: lists name at most {@link #LISTED} items and count the rest, values quoted from
 * the object are cut at {@link #MAX_VALUE} characters. A finding's text then stays short however large the
 * workload, so building it costs the same for ten containers as for ten thousand.
 */
final class Prose {

    static final int LISTED = 10;
    static final int MAX_VALUE = 256;

    private Prose() {}

    /** {@code a}, {@code a and b}, {@code a, b and c}; past {@link #LISTED}: {@code a, b, …, j and 1,990 more}. */
    static String and(List<String> items) {
        if (items.size() <= 1) {
            return items.isEmpty() ? "" : items.get(0);
        }
        if (items.size() > LISTED) {
            return String.join(", ", items.subList(0, LISTED)) + " and " + count(items.size() - LISTED) + " more";
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    /** {@link #and(List)} of the items' texts, made only for the items shown. */
    static <T> String and(List<T> items, Function<T, String> text) {
        if (items.size() > LISTED) {
            return String.join(", ", items.subList(0, LISTED).stream().map(text).toList()) + " and "
                    + count(items.size() - LISTED) + " more";
        }
        return and(items.stream().map(text).toList());
    }

    /** {@code a, b, c}; past {@link #LISTED}: {@code a, b, …, j and 1,990 more}. */
    static String commas(List<String> items) {
        return commas(items.subList(0, Math.min(LISTED, items.size())), items.size());
    }

    /** {@link #commas(List)} of a list of {@code total} items of which {@code first} are its first {@link #LISTED}. */
    static String commas(List<String> first, int total) {
        if (total > LISTED) {
            return String.join(", ", first) + " and " + count(total - LISTED) + " more";
        }
        return String.join(", ", first);
    }

    /** A value from the object, cut to {@link #MAX_VALUE} characters (at a character boundary) with {@code …}. */
    static String clip(String value) {
        return value == null || value.length() <= MAX_VALUE ? value : clip(value, MAX_VALUE) + "…";
    }

    /** The first {@code max} characters of {@code value}, or one fewer to keep a surrogate pair whole. */
    static String clip(String value, int max) {
        if (value.length() <= max) {
            return value;
        }
        return value.substring(0, Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max);
    }

    /** {@code 15,998}: grouped by hand, as {@code %,d} in the root locale, without a Formatter per call. */
    static String count(long n) {
        String digits = Long.toString(n);
        int sign = n < 0 ? 1 : 0;
        int length = digits.length() - sign;
        if (length <= 3) {
            return digits;
        }
        StringBuilder out = new StringBuilder(digits.length() + length / 3);
        out.append(digits, 0, sign + (length - 1) % 3 + 1);
        for (int i = sign + (length - 1) % 3 + 1; i < digits.length(); i += 3) {
            out.append(',').append(digits, i, i + 3);
        }
        return out.toString();
    }
}
