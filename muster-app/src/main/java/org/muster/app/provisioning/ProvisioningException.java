package org.muster.app.provisioning;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The provisioning file is unreadable or wrong. The message is meant for the operator as is: one
 * problem per line, each as {@code FILE:LINE: ENTRY: PROBLEM}, for example
 *
 * <pre>
 * metro.yaml:14: users[2] (sip:ff9@metro.example): unknown key 'mayy'; allowed: id, may (did you mean 'may'?)
 * metro.yaml:31: groups[1] (sip:police@metro.example).members[0]: sip:pol9@metro.example is not a provisioned user
 * </pre>
 *
 * The line is left out when unknown (the file could not be read), and the entry when the problem
 * concerns the whole file.
 */
public final class ProvisioningException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * One mistake: {@code line} is 1-based, 0 when unknown; {@code entry} names the entry or field,
   * such as {@code users[2] (sip:ff9@metro.example)} or {@code groups[1].members[0]}, empty for
   * the whole file.
   */
  public record Problem(String source, int line, String entry, String message) {
    @Override
    public String toString() {
      String where = line > 0 ? source + ":" + line : source;
      return entry.isEmpty() ? where + ": " + message : where + ": " + entry + ": " + message;
    }
  }

  private final transient List<Problem> problems;

  /** {@code problems} must not be empty; they are reported in the given order. */
  public ProvisioningException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    if (problems.isEmpty()) throw new IllegalArgumentException("no problem to report");
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in file order; the message holds the same, one per line. */
  public List<Problem> problems() {
    return problems;
  }
}
