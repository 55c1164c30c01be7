package org.muster.core.id;

import java.util.Locale;
import java.util.Optional;

/** The three MC services (TS 23.280 3.1 "MC service"). */
public enum McService {
  MCPTT,
  MCVIDEO,
  MCDATA;

  /** The lower-case word used in provisioning, feature tags and MIME types: "mcptt". */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The Contact feature tag that asks for this service (WIRE.md REGISTER): "+g.3gpp.mcptt". */
  public String featureTag() {
    return "+g.3gpp." + word();
  }

  /** The user part of this service's PSI: "mcptt-server". */
  public String psiUser() {
    return word() + "-server";
  }

  /** The server PSI of this service in {@code domain} (WIRE.md Transport and addressing). */
  public String psi(String domain) {
    return "sip:" + psiUser() + "@" + domain;
  }

  public static Optional<McService> fromWord(String word) {
    for (McService s : values()) {
      if (s.word().equals(word)) return Optional.of(s);
    }
    return Optional.empty();
  }
}
