package org.dot4j.daemon;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One client's WRITE requests, per channel handle: they run one after another in the order they came (a client may
 * send the next before the last was answered, as DaemonClient does, and the device must get the bytes in order).
 * One worker per busy handle takes them back to back; a job's writes used to wait each on a thread of its own and
 * on the end of the one before, a hand-off between threads per write.
 *
 * <p>Thread-safe: the queues are guarded by this object's monitor, which is never held while a write runs.
 */
final class WriteLanes<W> {

    private final Map<Integer, ArrayDeque<W>> lanes = new HashMap<>();
    private final Consumer<W> run;
    private final Consumer<Runnable> workers;

    /** Lanes whose writes {@code run} carries out and answers, on threads {@code workers} starts. */
    WriteLanes(Consumer<W> run, Consumer<Runnable> workers) {
        this.run = run;
        this.workers = workers;
    }

    /**
     * True when nothing of {@code handle} is queued or running. Only the submitting thread makes a handle busy, so
     * for that thread a true answer holds until it submits: it may then carry out a write itself, in order.
     */
    synchronized boolean idle(int handle) {
        return !lanes.containsKey(handle);
    }

    /** Queues {@code write} behind the writes before it on {@code handle}, starting a worker if none runs it. */
    void submit(int handle, W write) {
        ArrayDeque<W> started = null;
        synchronized (this) {
            ArrayDeque<W> lane = lanes.get(handle);
            if (lane == null) {
                lane = new ArrayDeque<>();
                lanes.put(handle, lane);
                started = lane;
            }
            lane.add(write);
        }
        if (started != null) {
            ArrayDeque<W> own = started;
            workers.accept(() -> drain(handle, own));
        }
    }

    /** Writes queued and not yet started, on every handle. */
    synchronized int waiting() {
        int queued = 0;
        for (ArrayDeque<W> lane : lanes.values()) {
            queued += lane.size();
        }
        return queued;
    }

    /** Drops every queued write: the connection ended, and no answer could reach the client. */
    synchronized void clear() {
        lanes.values().forEach(ArrayDeque::clear);
        lanes.clear();
    }

    /** A worker's loop: its lane's writes in order, until the lane is empty (or was cleared). */
    private void drain(int handle, ArrayDeque<W> lane) {
        while (true) {
            W next;
            synchronized (this) {
                next = lane.poll();
                if (next == null) {
                    lanes.remove(handle, lane); // only its own: after a clear, the handle may have a new lane
                    return;
                }
            }
            run.accept(next);
        }
    }
}
