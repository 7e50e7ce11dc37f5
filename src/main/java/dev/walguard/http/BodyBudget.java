package dev.walguard.http;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of request bodies in flight, all connections together. Each request reserves what it declares before a byte
 * of its body is read, so clients that send headers and then trickle or withhold their bodies cannot make walguard
 * buffer more than the budget.
 */
final class BodyBudget {

    private final long limit;
    private final AtomicLong reserved = new AtomicLong();

    BodyBudget(long limit) {
        this.limit = limit;
    }

    /** A reservation of {@code bytes}, or null when it would take the total over the budget. */
    Reservation reserve(long bytes) {
        long now;
        do {
            now = reserved.get();
            if (now + bytes > limit) {
                return null;
            }
        } while (!reserved.compareAndSet(now, now + bytes));
        return new Reservation(bytes);
    }

    long reserved() {
        return reserved.get();
    }

    long limit() {
        return limit;
    }

    /** Released once, whichever of the request's ends (answered, failed, connection closed, cut off) comes first. */
    final class Reservation {
        private final long bytes;
        private final AtomicBoolean released = new AtomicBoolean();

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                reserved.addAndGet(-bytes);
            }
        }
    }
}
