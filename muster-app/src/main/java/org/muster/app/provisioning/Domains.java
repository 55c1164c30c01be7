package org.muster.app.provisioning;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SIP domains an identity of this file may have: the system's own domain, where users and
 * groups are homed here, and the partners' domains, where they are homed in that partner system
 * (PROVISIONING.md "Meaning"). {@code own} is empty when {@code system.domain} is missing or
 * wrong; then no identity is checked, so that one mistake is reported once.
 */
record Domains(Optional<String> own, Set<String> partners) {
  Domains {
    partners = Set.copyOf(partners);
  }

  boolean isPartner(String domain) {
    return partners.contains(domain.toLowerCase());
  }

  /**
   * Why {@code what} (e.g. "user sip:x@other.example") may not be provisioned here because of its
   * {@code domain}, or empty when it may.
   */
  Optional<String> outsider(String what, String domain) {
    String d = domain.toLowerCase();
    if (own.isEmpty() || own.get().equals(d) || partners.contains(d)) return Optional.empty();
    String known = partners.isEmpty() ? "none is provisioned" : String.join(", ", new TreeSet<>(partners));
    return Optional.of(what + " is not in domain " + own.get() + " nor a partner domain (" + known + ")");
  }
}
