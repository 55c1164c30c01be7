package org.muster.app.provisioning;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.muster.app.provisioning.YamlNode.Scalar;
import org.muster.core.id.McServiceId;
import org.muster.core.id.SipUri;

/**
 * Muster's keys of {@code partners[]} for migration and release: {@code migrated-users} (the
 * partner's users that may register here, TS 23.280 3.1 "migration": each must be in that
 * partner's domain, and listed under {@code users} with its credential, the copy of its profile
 * we serve it on) and {@code release-after} (a duration such as {@code 30m}, {@code 2h},
 * {@code 1d}: a regroup the partner formed here is released here when the partner could not be
 * reached for that long).
 */
final class MigratedUsers {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,6})(s|m|h|d)");
  private static final Duration MIN = Duration.ofSeconds(10);
  private static final Duration MAX = Duration.ofDays(30);

  private record Written(YamlFields entry, Scalar at) {}

  private final Map<String, Written> written = new LinkedHashMap<>();

  /** {@code migrated-users} of partner entry {@code f}: empty (reported) when one is wrong. */
  Optional<Set<McServiceId>> read(YamlFields f, Optional<String> partnerDomain) {
    Optional<java.util.List<YamlFields.Item>> items = f.scalars("migrated-users");
    if (f.value("migrated-users").isPresent() && items.isEmpty()) return Optional.empty();
    Set<McServiceId> out = new LinkedHashSet<>();
    boolean wrong = false;
    for (YamlFields.Item item : items.orElse(java.util.List.of())) {
      String uri = item.value().text();
      String at = "migrated-users[" + item.index() + "]";
      if (!SipUri.isValid(uri)) {
        f.problem(item.value(), at, "'" + uri + "' is not a SIP URI such as sip:ff1@metro.example");
        wrong = true;
      } else if (partnerDomain.isPresent() && !SipUri.domain(uri).equalsIgnoreCase(partnerDomain.get())) {
        f.problem(item.value(), at, uri + " is not in this partner's domain " + partnerDomain.get()
            + ": only a partner's own users migrate from it");
        wrong = true;
      } else if (written.putIfAbsent(uri, new Written(f, item.value())) != null) {
        f.problem(item.value(), at, uri + " is listed twice");
        wrong = true;
      } else {
        out.add(McServiceId.of(uri));
      }
    }
    return wrong ? Optional.empty() : Optional.of(out);
  }

  /** True when {@code uri} is a migrated user of some partner. */
  boolean contains(String uri) {
    return written.containsKey(uri);
  }

  /** Each migrated user must be listed under {@code users}: that is where its credential is. */
  void checkListed(Identities users) {
    for (Map.Entry<String, Written> e : written.entrySet()) {
      if (users.whereIs(e.getKey()).isEmpty()) {
        e.getValue().entry().problem(e.getValue().at(), "migrated-users", e.getKey()
            + " is not listed under users: add it there with its credential (a copy of its primary's profile)");
      }
    }
  }

  /** {@code release-after} of partner entry {@code f}: empty (reported) when wrong; absent: never. */
  static Optional<Optional<Duration>> releaseAfter(YamlFields f) {
    if (f.value("release-after").isEmpty()) return Optional.of(Optional.empty());
    Optional<Scalar> v = f.scalar("release-after", false);
    if (v.isEmpty()) return Optional.empty();
    Matcher m = DURATION.matcher(v.get().text());
    Optional<Duration> d = Optional.empty();
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d = Optional.of(switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      });
    }
    if (d.isEmpty() || d.get().compareTo(MIN) < 0 || d.get().compareTo(MAX) > 0) {
      f.problem(v.get(), "release-after", "expected a duration from 10s to 30d such as 30m, 2h or 1d, got '" + v.get().text() + "'");
      return Optional.empty();
    }
    return Optional.of(d);
  }
}
