package com.ccgateway.bench;

import java.util.Collection;

/** Percentiles of a set of samples, nearest-rank. */
record Percentiles(int count, double p50, double p99, double p999, double max) {

    static Percentiles of(Collection<Double> samples) {
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Percentiles(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), rank(sorted, 0.999),
                sorted[sorted.length - 1]);
    }

    private static double rank(double[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    @Override
    public String toString() {
        return String.format("p50 %.1f, p99 %.1f, p99.9 %.1f ms (%d samples)", p50, p99, p999, count);
    }
}
