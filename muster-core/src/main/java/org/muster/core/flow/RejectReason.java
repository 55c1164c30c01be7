package org.muster.core.flow;

/**
 * The "Reject reason" of 10.xx.2.13/2.14 and every other refusal of a regroup operation, with
 * its SIP answer (WIRE.md table). The one place to realign the TS 24.379 warning numbers.
 */
public enum RejectReason {
  MALFORMED(400, "malformed regroup request: "),
  NOT_AUTHORIZED(403, "not authorized: "),
  GROUP_REGROUPED(403, "148 group is regrouped"),
  REGROUP_GROUP_ID_IN_USE(403, "165 group ID for regroup already in use"),
  CONFIGURATION_NOT_HELD(403, "preconfigured group not held: "),
  /** 10.xx.3.1: a group (preconfigured or listed) not configured for the request's MC service. */
  SERVICE_NOT_CONFIGURED(403, "service not configured: "),
  UNKNOWN_IDENTITY(404, "163 unknown identity: "),
  PARTNER_TIMEOUT(504, "partner "),
  SERVICE_UNAVAILABLE(503, "service unavailable: "),
  /** A partner system's reject, relayed with its own status and Warning (10.xx.3.3.4 step 7). */
  PARTNER_REJECTED(403, "");

  private final int sipStatus;
  private final String warningPrefix;

  RejectReason(int sipStatus, String warningPrefix) {
    this.sipStatus = sipStatus;
    this.warningPrefix = warningPrefix;
  }

  public int sipStatus() {
    return sipStatus;
  }

  /** The Warning text before the detail; reasons ending in ": " or " " take a detail. */
  public String warningPrefix() {
    return warningPrefix;
  }

  /** True when the warning text of this reason is complete without a detail (148, 165). */
  public boolean fixedText() {
    return !warningPrefix.isEmpty() && !warningPrefix.endsWith(" ");
  }
}
