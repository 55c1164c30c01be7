package org.muster.core.config;

/** PROVISIONING.md {@code system.authentication}: who must prove who they are (WIRE.md, Authentication). */
public enum Authentication {
  /** Every client request is authenticated by SIP digest (RFC 3261 22, RFC 7616/8760); the default. */
  DIGEST("digest"),
  /** Nobody is authenticated: a lab mode, announced at start-up and in the admin API. */
  NONE("none");

  private final String word;

  Authentication(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }
}
