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
