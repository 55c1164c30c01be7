package org.muster.protocol;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.SipUri;

/**
 * Muster's group configuration ({@link GroupConfigurationBody}, an extension beyond WIRE.md): what
 * the group management server (GMS) of one MC system shares with the GMS of a partner MC system
 * about its preconfigured groups (TS 23.280 10.2.7, 10.xx.3.3.1). The document is the whole
 * shared set: a group not listed is not shared, and an empty list shares nothing.
 *
 * @param homeSystem the SIP domain of the sharing MC system, lower case (no user, port or
 *     parameters)
 * @param groups the shared groups in document order, at most {@link #MAX_GROUPS}, each in the
 *     {@code homeSystem} domain and none twice
 */
public record GroupConfigurationDocument(String homeSystem, List<SharedGroupEntry> groups) {
  /** At most this many groups in one document. */
  public static final int MAX_GROUPS = 200;

  public GroupConfigurationDocument {
    Objects.requireNonNull(homeSystem, "homeSystem");
    if (!isDomain(homeSystem)) throw new IllegalArgumentException("home system is not a SIP domain: '" + homeSystem + "'");
    homeSystem = homeSystem.toLowerCase(Locale.ROOT);
    groups = List.copyOf(groups);
    if (groups.size() > MAX_GROUPS) {
      throw new IllegalArgumentException("a group configuration shares at most " + MAX_GROUPS + " groups, not " + groups.size());
    }
    Set<McServiceGroupId> seen = new HashSet<>();
    for (SharedGroupEntry g : groups) {
      if (!g.uri().domain().equals(homeSystem)) {
        throw new IllegalArgumentException("group " + g.uri() + " is not a group of the home system " + homeSystem);
      }
      if (!seen.add(g.uri())) throw new IllegalArgumentException("group " + g.uri() + " is shared twice");
    }
  }

  /** A SIP domain as the host part of an identity: {@code metro.example}, no user, port or parameters. */
  static boolean isDomain(String v) {
    String uri = "sip:" + v;
    return v.indexOf('@') < 0 && SipUri.isValid(uri) && SipUri.domain(uri).equals(v.toLowerCase(Locale.ROOT));
  }
}
