package dev.walguard.admission;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that evaluate reviews ({@code walguard-admission-N}): a fixed pool with a bounded queue. Reviews never
 * run on the event loop nor on Quarkus' shared worker pool, so slow clients cannot take their threads, and a flood
 * is answered 503 at once instead of queueing past the API server's timeout. The liveness check evaluates through
 * the same pool, so a wedged pool restarts the pod.
 */
public final class AdmissionExecutor implements Executor, AutoCloseable {

    private final ThreadPoolExecutor pool;
    private final int threads;
    private final int queue;

    public AdmissionExecutor(int threads, int queue) {
        if (threads < 1 || queue < 1) {
            throw new IllegalArgumentException("admission threads and queue must be at least 1");
        }
        this.threads = threads;
        this.queue = queue;
        AtomicInteger next = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queue),
                task -> {
                    Thread thread = new Thread(task, "walguard-admission-" + next.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                new ThreadPoolExecutor.AbortPolicy());
        pool.prestartAllCoreThreads();
    }

    /** Two per core: evaluation is CPU-bound and short; the extra thread covers an occasional log write. */
    public static int defaultThreads() {
        return 2 * Runtime.getRuntime().availableProcessors();
    }

    /** @throws RejectedExecutionException when every thread is busy and the queue is full (answered 503) */
    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    public int threads() {
        return threads;
    }

    public int queueCapacity() {
        return queue;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
