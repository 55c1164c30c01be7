package org.muster.core.id;

/** An MC service group ID: the SIP URI of an MC service group (also of a regroup group). */
public record McServiceGroupId(String uri) implements Comparable<McServiceGroupId> {
  public McServiceGroupId {
    SipUri.require(uri, "MC service group ID");
  }

  public static McServiceGroupId of(String uri) {
    return new McServiceGroupId(uri);
  }

  /** The SIP domain of the group home system. */
  public String domain() {
    return SipUri.domain(uri);
  }

  @Override
  public int compareTo(McServiceGroupId o) {
    return uri.compareTo(o.uri);
  }

  @Override
  public String toString() {
    return uri;
  }
}
