package org.dot4j.cli;

import java.util.Arrays;

/** Repeated measurements of one figure: the median and the spread the bench reports. */
final class Samples {
    private double[] values = new double[0];

    void add(double value) {
        values = Arrays.copyOf(values, values.length + 1);
        values[values.length - 1] = value;
    }

    double median() {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    double min() {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    double max() {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    /** A throughput run of the bench. */
    @FunctionalInterface
    interface Run {
        double megabytesPerSecond() throws Exception;
    }

    /** Warm-up runs at most: a path still rising after this many is measured as it is. */
    static final int MAX_WARM_UP = 12;

    /**
     * Runs {@code run} until its throughput stops rising (two runs in a row without a new best by 10 %), at least
     * twice and at most {@link #MAX_WARM_UP} times, so the JIT has compiled the path before it is measured; returns
     * the runs it took.
     */
    static int warmUp(Run run) throws Exception {
        double best = run.megabytesPerSecond();
        int runs = 1;
        int flat = 0;
        while (flat < 2 && runs < MAX_WARM_UP) {
            double v = run.megabytesPerSecond();
            runs++;
            if (v > best * 1.1) {
                flat = 0;
            } else {
                flat++;
            }
            best = Math.max(best, v);
        }
        return runs;
    }

    static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Jain's fairness index of {@code shares}: 1 when all are equal, 1/n when one takes everything. */
    static double jain(long[] shares) {
        double sum = 0;
        double squares = 0;
        for (long s : shares) {
            sum += s;
            squares += (double) s * s;
        }
        return squares == 0 ? 1 : sum * sum / (shares.length * squares);
    }
}
