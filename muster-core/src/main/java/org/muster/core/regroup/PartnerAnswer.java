package org.muster.core.regroup;

import org.muster.core.flow.Rejection;

/**
 * How a partner answered a server-to-server request: the preconfigured regroup (cancel) response
 * (10.xx.2.6 / 2.12), the preconfigured regroup reject (10.xx.2.14), or nothing in time.
 */
public sealed interface PartnerAnswer {
  /** For people (logs, messages): "accepted", "rejected: 403 ...", "no answer: ...". */
  String describe();

  record Accepted() implements PartnerAnswer {
    @Override
    public String describe() {
      return "accepted";
    }
  }

  record Rejected(Rejection rejection) implements PartnerAnswer {
    @Override
    public String describe() {
      return "rejected: " + rejection.sipStatus() + " " + rejection.warningText();
    }
  }

  record Silent(String why) implements PartnerAnswer {
    @Override
    public String describe() {
      return "no answer: " + why;
    }
  }
}
