package org.muster.app.provisioning;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.muster.core.config.Authorization;
import org.muster.core.config.HostPort;
import org.muster.core.config.PartnerConfig;

/**
 * PROVISIONING.md {@code partners[]}: id (short name), domain, sip, trust. A partner's domain is
 * neither ours nor another partner's, its id neither ours nor another partner's.
 */
final class PartnerSection {
  static final List<String> KEYS = List.of("id", "domain", "sip", "trust");
  private static final String EXAMPLE = "- id: north, with domain:, sip: and trust:";

  private final SystemSection system;
  private final List<PartnerConfig> partners = new ArrayList<>();
  private final Set<String> domains = new HashSet<>();
  private final Map<String, String> entryById = new HashMap<>();
  private final Map<String, String> entryByDomain = new HashMap<>();

  private PartnerSection(SystemSection system) {
    this.system = system;
  }

  /** Reads the entries of {@code partners} ({@code list} is empty when absent). */
  static PartnerSection read(List<YamlNode> list, SystemSection system, Problems problems) {
    PartnerSection section = new PartnerSection(system);
    for (int i = 0; i < list.size(); i++) {
      String entry = "partners[" + i + "]";
      YamlFields.ofItem(list.get(i), entry, EXAMPLE, problems).ifPresent(section::partner);
    }
    return section;
  }

  /** The valid partners, in file order. */
  List<PartnerConfig> partners() {
    return List.copyOf(partners);
  }

  /**
   * Every partner domain written, lower case, valid or not: an identity in a misspelt partner
   * domain then gets no second problem.
   */
  Set<String> domains() {
    return Set.copyOf(domains);
  }

  private void partner(YamlFields unlabelled) {
    YamlFields f = unlabelled.peek("id").map(unlabelled::labelled).orElse(unlabelled);
    f.allowOnly(KEYS);
    Optional<String> id = SystemSection.shortName(f, "id");
    id = id.filter(i -> unique(f, "id", i, entryById, "partner id"));
    if (id.isPresent() && id.equals(system.id())) {
      f.problem(f.map().fields().get("id").value(), "partner id " + id.get() + " is this system's own id (system.id)");
      id = Optional.empty();
    }
    f.peek("domain").ifPresent(d -> domains.add(d.toLowerCase()));
    Optional<String> domain = SystemSection.dnsName(f, "domain").map(String::toLowerCase);
    domain = domain.filter(d -> unique(f, "domain", d, entryByDomain, "partner domain"));
    if (domain.isPresent() && domain.equals(system.domain())) {
      f.problem(f.map().fields().get("domain").value(), "partner domain " + domain.get() + " is this system's own domain (system.domain)");
      domain = Optional.empty();
    }
    Optional<HostPort> sip = f.hostPort("sip", true);
    Set<Authorization> trust = Authorizations.read(f, "trust");
    if (id.isPresent() && domain.isPresent() && sip.isPresent()) {
      partners.add(new PartnerConfig(id.get(), domain.get(), sip.get(), trust));
    }
  }

  /** False (with a problem naming both entries) when {@code value} was seen before. */
  private static boolean unique(YamlFields f, String key, String value, Map<String, String> seen, String what) {
    YamlNode at = f.map().fields().get(key).value();
    String first = seen.putIfAbsent(value, f.entry() + ", line " + at.line());
    if (first == null) return true;
    f.problem(at, "duplicate " + what + " " + value + "; first at " + first);
    return false;
  }
}
