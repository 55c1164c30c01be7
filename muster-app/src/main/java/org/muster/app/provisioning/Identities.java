package org.muster.app.provisioning;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.muster.app.provisioning.YamlNode.Scalar;
import org.muster.core.id.SipUri;

/**
 * The SIP URIs of one kind of entry (users or groups): checks one is a valid identity in a known
 * domain and not a duplicate, and remembers where each was first written.
 */
final class Identities {
  private final String kind;
  private final Domains domains;
  private final Map<String, String> firstAt = new HashMap<>();

  /** {@code kind} is "user" or "group". */
  Identities(String kind, Domains domains) {
    this.kind = kind;
    this.domains = domains;
  }

  /**
   * The required {@code id} of entry {@code f} when it is a valid, new identity; reports why not.
   * Every syntactically valid id is remembered, so that references to it raise no second problem.
   */
  Optional<String> read(YamlFields f) {
    Optional<Scalar> id = f.scalar("id", true);
    if (id.isEmpty()) return Optional.empty();
    String uri = id.get().text();
    if (!SipUri.isValid(uri)) {
      f.problem(id.get(), "id", "'" + uri + "' is not a SIP URI such as sip:ff1@metro.example");
      return Optional.empty();
    }
    String here = f.entry() + ", line " + id.get().line();
    String first = firstAt.putIfAbsent(uri, here);
    if (first != null) {
      f.problem(id.get(), "duplicate " + kind + " ID " + uri + "; first at " + first);
      return Optional.empty();
    }
    Optional<String> outsider = domains.outsider(kind + " " + uri, SipUri.domain(uri));
    if (outsider.isPresent()) {
      f.problem(id.get(), outsider.get());
      return Optional.empty();
    }
    return Optional.of(uri);
  }

  /** Where {@code uri} was first written, such as {@code users[1] (sip:ff1@metro.example), line 9}. */
  Optional<String> whereIs(String uri) {
    return Optional.ofNullable(firstAt.get(uri));
  }
}
