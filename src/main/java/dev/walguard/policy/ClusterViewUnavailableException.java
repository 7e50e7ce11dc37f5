package dev.walguard.policy;

/**
 * A lookup on a cluster view that cannot answer yet: the live view before every informer cache has synced. The
 * admission handler refuses to judge a marked workload then, rather than judge it on a partial view.
 */
public class ClusterViewUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ClusterViewUnavailableException(String message) {
        super(message);
    }
}
