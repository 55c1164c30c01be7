package org.muster.app.provisioning;

import java.util.List;

/** "Did you mean" for misspelt keys: the allowed key within two edits, if exactly one is. */
final class Spelling {
  private Spelling() {}

  /** {@code " (did you mean 'may'?)"}, or an empty string when no allowed key is close. */
  static String suggestion(String written, List<String> allowed) {
    String best = null;
    for (String candidate : allowed) {
      if (distance(written, candidate) <= 2) {
        if (best != null) return "";
        best = candidate;
      }
    }
    return best == null ? "" : " (did you mean '" + best + "'?)";
  }

  /** Levenshtein distance, case-insensitive. */
  static int distance(String a, String b) {
    String x = a.toLowerCase();
    String y = b.toLowerCase();
    int[] previous = new int[y.length() + 1];
    int[] current = new int[y.length() + 1];
    for (int j = 0; j <= y.length(); j++) previous[j] = j;
    for (int i = 1; i <= x.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= y.length(); j++) {
        int substitute = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[y.length()];
  }
}
