package dev.walguard.admission;

/** The body is not a well-formed AdmissionReview. Answered with HTTP 400 and {@code {"error": message}}. */
public class InvalidReviewException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidReviewException(String message) {
        super(message);
    }
}
