package org.muster.core.id;

/** An MC service ID (MCPTT ID, MCVideo ID or MCData ID): the SIP URI of an MC service user. */
public record McServiceId(String uri) implements Comparable<McServiceId> {
  public McServiceId {
    SipUri.require(uri, "MC service ID");
  }

  public static McServiceId of(String uri) {
    return new McServiceId(uri);
  }

  /** The SIP domain of the MC system this user is homed in. */
  public String domain() {
    return SipUri.domain(uri);
  }

  @Override
  public int compareTo(McServiceId o) {
    return uri.compareTo(o.uri);
  }

  @Override
  public String toString() {
    return uri;
  }
}
