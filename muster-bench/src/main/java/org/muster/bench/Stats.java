package org.muster.bench;

import java.util.Arrays;
import java.util.List;

/** Order statistics of measured values (nearest-rank percentiles). */
final class Stats {
  private Stats() {}

  static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) return Double.NaN;
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    int rank = (int) Math.ceil(p / 100.0 * v.length);
    return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
  }

  static double median(List<Double> values) {
    return percentile(values, 50);
  }

  static double millis(long nanos) {
    return nanos / 1e6;
  }
}
