package dev.walguard.cluster;

/**
 * Something wrong at a place in one document, before the reader adds the file and document: a line and column from
 * 1 (0 when unknown) and a message in plain words.
 */
final class ManifestProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    ManifestProblem(int line, int column, String message) {
        super(message, null, false, false);
        this.line = line;
        this.column = column;
    }

    /** {@code line 5, column 3: message}, or only the message when the place is unknown. */
    String describe() {
        if (line <= 0) {
            return getMessage();
        }
        return "line " + line + (column > 0 ? ", column " + column : "") + ": " + getMessage();
    }
}
