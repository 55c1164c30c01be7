package org.muster.core.regroup;

import java.time.Instant;
import java.util.Objects;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;

/**
 * A partner system's notice to the primary that it ended, on its own, its part of one of the
 * primary's regroups (beyond the seed): an operator of the partner released it, or it expired
 * there because the primary could not be reached ({@link PartnerRegroupRelease}). The primary
 * records the partner as released; the regroup goes on in the other systems.
 *
 * @param regroupGroup the regroup group ID of the primary's regroup
 * @param service the MC service of the regroup
 * @param reportingSystem the SIP domain of the partner system that released it
 * @param releasedBy who released it: the operator's name, or {@code expiry}
 * @param reason free text, possibly empty
 * @param at when it was released
 */
public record PartnerRelease(McServiceGroupId regroupGroup, McService service, String reportingSystem, String releasedBy,
    String reason, Instant at) {
  /** Longest operator name in characters. */
  public static final int MAX_BY = 128;
  /** Longest reason in characters. */
  public static final int MAX_REASON = 512;
  /** Who releases a regroup whose primary stayed unreachable ({@code partners[].release-after}). */
  public static final String EXPIRY = "expiry";

  public PartnerRelease {
    Objects.requireNonNull(regroupGroup, "regroupGroup");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(at, "at");
    if (Objects.requireNonNull(reportingSystem, "reportingSystem").isBlank()) throw new IllegalArgumentException("reporting system is blank");
    if (!isName(releasedBy)) throw new IllegalArgumentException("not an operator name: '" + releasedBy + "'");
    if (Objects.requireNonNull(reason, "reason").length() > MAX_REASON || hasControl(reason)) {
      throw new IllegalArgumentException("reason longer than " + MAX_REASON + " characters or with control characters");
    }
  }

  /** An operator name: 1 to {@link #MAX_BY} characters, not blank, no control characters. */
  public static boolean isName(String s) {
    return s != null && !s.isBlank() && s.length() <= MAX_BY && !hasControl(s);
  }

  static boolean hasControl(String s) {
    return s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
  }
}
