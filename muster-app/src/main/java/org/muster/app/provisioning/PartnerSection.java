package org.muster.app.provisioning;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
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
 * PROVISIONING.md {@code partners[]}: id (short name), domain, sip, trust, and optionally the
 * partner server's PEM certificate (mutual TLS); beyond the contract, {@code via}: the address of the
 * MC gateway server the partner is reached through (then {@code certificate} is the gateway's). A partner's domain is neither ours nor another
 * partner's, its id neither ours nor another partner's. Muster also: {@code migrated-users}, the
 * partner's users that may obtain service here (each also listed under {@code users} with its
 * credential), and {@code release-after}, how long a regroup the partner formed here may outlast
 * the partner's silence ({@link MigratedUsers}).
 */
final class PartnerSection {
  static final List<String> KEYS = List.of("id", "domain", "sip", "trust", "certificate", "via", "migrated-users", "release-after");
  private static final String EXAMPLE = "- id: north, with domain:, sip: and trust:";

  private final SystemSection system;
  private final List<PartnerConfig> partners = new ArrayList<>();
  private final Set<String> domains = new HashSet<>();
  private final Map<String, String> entryById = new HashMap<>();
  private final Map<String, String> entryByDomain = new HashMap<>();

  private final Surroundings around;
  private final MigratedUsers migrated = new MigratedUsers();

  private PartnerSection(SystemSection system, Surroundings around) {
    this.system = system;
    this.around = around;
  }

  /** Reads the entries of {@code partners} ({@code list} is empty when absent). */
  static PartnerSection read(List<YamlNode> list, SystemSection system, Surroundings around, Problems problems) {
    PartnerSection section = new PartnerSection(system, around);
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

  /** The {@code migrated-users} written, valid ones only, with where; checked against {@code users} later. */
  MigratedUsers migrated() {
    return migrated;
  }

  /** The ids of the valid partners. */
  Set<String> ids() {
    Set<String> out = new HashSet<>();
    for (PartnerConfig p : partners) out.add(p.id());
    return out;
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
    boolean viaWritten = f.value("via").isPresent();
    Optional<HostPort> via = f.hostPort("via", false);
    if (viaWritten && via.isEmpty()) return;
    Set<Authorization> trust = Authorizations.read(f, "trust");
    Optional<X509Certificate> certificate = Optional.empty();
    if (f.value("certificate").isPresent()) {
      certificate = certificate(f, around);
      if (certificate.isEmpty()) return;
    }
    Optional<java.util.Set<org.muster.core.id.McServiceId>> users = migrated.read(f, domain);
    Optional<Optional<java.time.Duration>> releaseAfter = MigratedUsers.releaseAfter(f);
    if (id.isPresent() && domain.isPresent() && sip.isPresent() && users.isPresent() && releaseAfter.isPresent()) {
      partners.add(new PartnerConfig(id.get(), domain.get(), sip.get(), trust, certificate, via, users.get(), releaseAfter.get()));
    }
  }

  /** {@code certificate}: a PEM file holding the partner server's X.509 certificate. */
  static Optional<X509Certificate> certificate(YamlFields f, Surroundings around) {
    Optional<Path> file = SecuritySection.readableFile(f, "certificate", around);
    if (file.isEmpty()) return Optional.empty();
    try (InputStream in = Files.newInputStream(file.get())) {
      return Optional.of((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
    } catch (IOException | CertificateException | ClassCastException e) {
      f.problem(f.map().fields().get("certificate").value(), "certificate",
          file.get() + " is not a PEM X.509 certificate (-----BEGIN CERTIFICATE-----)");
      return Optional.empty();
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
