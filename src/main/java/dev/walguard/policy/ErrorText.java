package dev.walguard.policy;

/** Shapes library error messages for users and logs: one line, never a stack of causes. */
public final class ErrorText {

    /** The message's first line, or {@code ifMissing} when there is no message. */
    public static String firstLine(String message, String ifMissing) {
        if (message == null) {
            return ifMissing;
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private ErrorText() {}
}
