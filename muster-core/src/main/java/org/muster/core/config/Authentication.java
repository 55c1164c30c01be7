package org.muster.core.config;

import java.util.Optional;

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

  /**
   * The one warning that announces lab mode ({@link #NONE}) wherever a server shows how it runs:
   * the start-up line of {@code muster server}, the admin API's status and live view. Empty for
   * {@link #DIGEST}.
   */
  public Optional<String> warning() {
    return this == NONE
        ? Optional.of("authentication is off (system.authentication: none): anyone can act as any user; lab use only")
        : Optional.empty();
  }
}
