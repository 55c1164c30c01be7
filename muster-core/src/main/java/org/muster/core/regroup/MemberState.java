package org.muster.core.regroup;

/**
 * Per-member outcome of a regroup (beyond the seed; what dispatchers ask for): each targeted
 * client's last known state in one regroup.
 */
public enum MemberState {
  /** The preconfigured regroup request was sent to the client (10.xx.3.2.1 step 5). */
  NOTIFIED,
  /** The client answered with the preconfigured regroup response (step 7, optional). */
  ACKNOWLEDGED,
  /** The client answered the request with an error. */
  FAILED,
  /** The client did not answer in time, or could not be reached. */
  UNREACHABLE,
  /** The server affiliated the client to the regroup group (step 8). */
  AFFILIATED,
  /** The client affiliated late to a regrouped group and joined (10.xx.3.4.1). */
  JOINED_LATE,
  /** The client's participation ended (no longer affiliated to any regrouped group, log-off). */
  LEFT,
  /** The cancel request was sent to the client (10.xx.3.2.3 step 4). */
  CANCEL_NOTIFIED,
  /** The client acknowledged the cancel request (step 6, optional). */
  CANCEL_ACKNOWLEDGED,
  /** The client answered the cancel request with an error. */
  CANCEL_FAILED,
  /** The client did not answer the cancel request in time, or could not be reached. */
  CANCEL_UNREACHABLE,
  /** The server de-affiliated the client from the regroup group (10.xx.3.2.3 step 7). */
  DEAFFILIATED
}
