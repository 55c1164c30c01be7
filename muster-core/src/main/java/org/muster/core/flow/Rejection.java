package org.muster.core.flow;

import java.util.Objects;

/**
 * A refusal with its reason and detail. {@link #warningText()} is the quoted text of the SIP
 * {@code Warning: 399 HOST "..."} header (WIRE.md). {@code passedOn} holds the status and text
 * of a partner's reject that is relayed unchanged (10.xx.3.3.4 step 7).
 */
public record Rejection(RejectReason reason, String detail, int sipStatus, String warningText) {
  public Rejection {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }

  public static Rejection of(RejectReason reason, String detail) {
    String text = reason.fixedText() ? reason.warningPrefix() : reason.warningPrefix() + detail;
    return new Rejection(reason, detail, reason.sipStatus(), text);
  }

  public static Rejection of(RejectReason reason) {
    return of(reason, "");
  }

  /**
   * A partner's reject passed on as it came (WIRE.md: "the partner's status and Warning"):
   * {@code warnAgent} (the partner's host in its Warning, kept as the detail) and its text.
   */
  public static Rejection passedOn(int sipStatus, String warnAgent, String warningText) {
    return new Rejection(RejectReason.PARTNER_REJECTED, warnAgent, sipStatus, warningText);
  }

  public static Rejection passedOn(int sipStatus, String warningText) {
    return passedOn(sipStatus, "", warningText);
  }
}
