package org.muster.app.provisioning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.muster.app.provisioning.ProvisioningException.Problem;

/** Collects the problems of one provisioning file, so that all of them are reported at once. */
final class Problems {
  private final String source;
  private final List<Problem> found = new ArrayList<>();

  Problems(String source) {
    this.source = source;
  }

  void add(int line, String entry, String message) {
    found.add(new Problem(source, line, entry, message));
  }

  void add(YamlNode at, String entry, String message) {
    add(at.line(), entry, message);
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  /** Throws {@link #toException()} when any problem was found. */
  void throwIfAny() throws ProvisioningException {
    if (!found.isEmpty()) throw toException();
  }

  /** Every problem, sorted by line (stable, so one line keeps discovery order); none is empty. */
  ProvisioningException toException() {
    List<Problem> sorted = new ArrayList<>(found);
    sorted.sort(Comparator.comparingInt(Problem::line));
    return new ProvisioningException(sorted);
  }
}
