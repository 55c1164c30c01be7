package org.muster.core.config;

import java.util.Optional;

/**
 * The authorizations the seed asks the server to check (PROVISIONING.md {@code may} and
 * {@code trust}): TS 23.280 10.xx.3.2.1 step 3, 10.xx.3.2.2 step 3, 10.xx.3.2.3 step 3.
 */
public enum Authorization {
  GROUP_REGROUP("group-regroup"),
  USER_REGROUP("user-regroup"),
  CANCEL_REGROUP("cancel-regroup");

  private final String word;

  Authorization(String word) {
    this.word = word;
  }

  /** The provisioning word, e.g. {@code group-regroup}. */
  public String word() {
    return word;
  }

  public static Optional<Authorization> fromWord(String word) {
    for (Authorization a : values()) {
      if (a.word.equals(word)) return Optional.of(a);
    }
    return Optional.empty();
  }
}
