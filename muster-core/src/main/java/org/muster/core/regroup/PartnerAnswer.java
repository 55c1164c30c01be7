package org.muster.core.regroup;

import org.muster.core.flow.Rejection;

/**
 * How a partner answered a server-to-server request: the preconfigured regroup (cancel) response
 * (10.xx.2.6 / 2.12), the preconfigured regroup reject (10.xx.2.14), or nothing in time.
 */
public sealed interface PartnerAnswer {
  record Accepted() implements PartnerAnswer {}

  record Rejected(Rejection rejection) implements PartnerAnswer {}

  record Silent(String why) implements PartnerAnswer {}
}
