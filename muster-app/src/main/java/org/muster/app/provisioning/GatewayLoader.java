package org.muster.app.provisioning;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.muster.app.provisioning.YamlNode.Mapping;
import org.muster.app.provisioning.YamlNode.Sequence;
import org.muster.core.config.HostPort;
import org.muster.core.config.PartnerConfig;
import org.muster.core.config.TlsIdentity;
import org.muster.sip.gateway.GatewayConfig;
import org.muster.sip.gateway.RequestKind;

/**
 * Loads an MC gateway server's file ({@code muster gateway --config FILE}, docs/gateway.md) into a
 * {@link GatewayConfig}, or fails with a {@link ProvisioningException} listing every mistake with
 * its line and entry, in the provisioning file's style (unknown keys, duplicates, addresses, files
 * relative to the file's folder).
 *
 * <pre>{@code
 * gateway:  {id: gw, inside: HOST:PORT, outside: HOST:PORT, inside-sips:, outside-sips:, tls: {certificate:, key:}}
 * system:   {id: metro, domain: metro.example, sip: HOST:PORT, certificate: FILE}      # inside
 * partners: [{id: north, domain: north.example, sip: HOST:PORT, certificate: FILE, may: [KIND, ...]}]
 * }</pre>
 */
public final class GatewayLoader {
  static final List<String> KEYS = List.of("gateway", "system", "partners");
  static final List<String> GATEWAY_KEYS = List.of("id", "inside", "outside", "inside-sips", "outside-sips", "tls");
  static final List<String> SYSTEM_KEYS = List.of("id", "domain", "sip", "certificate");
  static final List<String> PARTNER_KEYS = List.of("id", "domain", "sip", "certificate", "may");
  private static final List<String> KINDS = Arrays.stream(RequestKind.values()).map(RequestKind::word).toList();

  private GatewayLoader() {}

  /** Reads and validates {@code file} (UTF-8); problems name the file as given. */
  public static GatewayConfig load(Path file) throws ProvisioningException {
    return parse(ProvisioningLoader.read(file, "the gateway file"), file.toString(), ProvisioningLoader.folderOf(file));
  }

  /** Validates {@code yaml}; relative file names are read from {@code folder}. */
  public static GatewayConfig parse(String yaml, String sourceName, Path folder) throws ProvisioningException {
    Problems problems = new Problems(sourceName);
    Surroundings around = Surroundings.ofProcess(folder);
    String text = yaml.startsWith("\uFEFF") ? yaml.substring(1) : yaml;
    Optional<YamlNode> root = YamlTreeReader.read(text, problems);
    if (root.isPresent() && !(root.get() instanceof Mapping)) {
      problems.add(root.get(), "", "expected a map with keys " + String.join(", ", KEYS) + ", got " + root.get().describe());
    }
    if (root.isEmpty() || !(root.get() instanceof Mapping map)) throw problems.toException();
    YamlFields top = new YamlFields(map, "", problems);
    top.allowOnly(KEYS);
    Optional<YamlFields> g = section(top, "gateway", GATEWAY_KEYS, "the gateway's id and its inside and outside addresses", problems);
    Optional<YamlFields> s = section(top, "system", SYSTEM_KEYS, "the MC system inside: id, domain and sip address", problems);
    Optional<String> id = g.flatMap(f -> SystemSection.shortName(f, "id"));
    Optional<HostPort> inside = g.flatMap(f -> f.hostPort("inside", true));
    Optional<HostPort> outside = g.flatMap(f -> f.hostPort("outside", true));
    Optional<HostPort> insideSips = g.flatMap(f -> f.hostPort("inside-sips", false));
    Optional<HostPort> outsideSips = g.flatMap(f -> f.hostPort("outside-sips", false));
    Optional<TlsIdentity> tls = g.flatMap(f -> f.value("tls").flatMap(n -> SecuritySection.tls(f, n, around)));
    if (g.isPresent() && (insideSips.isPresent() || outsideSips.isPresent()) && g.get().value("tls").isEmpty()) {
      g.get().problem(g.get().value(insideSips.isPresent() ? "inside-sips" : "outside-sips").get(),
          "SIP over TLS needs tls: {certificate: FILE, key: FILE} (PEM files)");
    }
    Optional<PartnerConfig> system = s.flatMap(f -> peer(f, around));
    system.filter(p -> p.certificate().isPresent() && insideSips.isEmpty())
        .ifPresent(p -> s.get().problem(s.get().value("certificate").get(), "certificate",
            "the system has a certificate (mutual TLS), but gateway.inside-sips and gateway.tls are not provisioned"));
    List<GatewayConfig.Partner> partners = partners(top, s.flatMap(f -> f.peek("domain")), outsideSips.isPresent(), around, problems);
    problems.throwIfAny();
    return new GatewayConfig(id.orElseThrow(), inside.orElseThrow(), outside.orElseThrow(), tls, insideSips, outsideSips,
        system.orElseThrow(), partners, GatewayConfig.DEFAULT_TIMEOUT);
  }

  private static Optional<YamlFields> section(YamlFields top, String key, List<String> keys, String holds, Problems problems) {
    Optional<YamlNode> node = top.value(key);
    if (node.isEmpty()) {
      problems.add(1, "", key + " is missing; it holds " + holds);
      return Optional.empty();
    }
    if (!(node.get() instanceof Mapping map)) {
      top.problem(node.get(), key, "expected a map with keys " + String.join(", ", keys) + ", got " + node.get().describe());
      return Optional.empty();
    }
    YamlFields f = new YamlFields(map, key, problems);
    f.allowOnly(keys);
    return Optional.of(f);
  }

  /** id, domain, sip and an optional pinned certificate: the system inside, or a partner outside. */
  private static Optional<PartnerConfig> peer(YamlFields f, Surroundings around) {
    Optional<String> id = SystemSection.shortName(f, "id");
    Optional<String> domain = SystemSection.dnsName(f, "domain").map(String::toLowerCase);
    Optional<HostPort> sip = f.hostPort("sip", true);
    Optional<X509Certificate> certificate = Optional.empty();
    if (f.value("certificate").isPresent()) {
      certificate = PartnerSection.certificate(f, around);
      if (certificate.isEmpty()) return Optional.empty();
    }
    if (id.isEmpty() || domain.isEmpty() || sip.isEmpty()) return Optional.empty();
    return Optional.of(new PartnerConfig(id.get(), domain.get(), sip.get(), Set.of(), certificate));
  }

  private static List<GatewayConfig.Partner> partners(YamlFields top, Optional<String> systemDomain, boolean outsideTls, Surroundings around,
      Problems problems) {
    Optional<YamlNode> v = top.value("partners");
    if (v.isEmpty() || !(v.get() instanceof Sequence seq) || seq.items().isEmpty()) {
      if (v.isPresent() && !(v.get() instanceof Sequence)) {
        top.problem(v.get(), "partners", "expected a list of entries, each starting with '- id:', got " + v.get().describe());
      } else {
        problems.add(v.map(YamlNode::line).orElse(1), "", "partners is missing or empty; a gateway relays to at least one partner system");
      }
      return List.of();
    }
    List<GatewayConfig.Partner> out = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < seq.items().size(); i++) {
      Optional<YamlFields> item = YamlFields.ofItem(seq.items().get(i), "partners[" + i + "]", "- id: north, with domain:, sip: and may:", problems);
      if (item.isEmpty()) continue;
      YamlFields f = item.get().peek("id").map(item.get()::labelled).orElse(item.get());
      f.allowOnly(PARTNER_KEYS);
      Set<RequestKind> may = f.words("may", RequestKind::fromWord, "request kind", KINDS).orElse(Set.of());
      Optional<PartnerConfig> p = peer(f, around);
      if (p.isEmpty()) continue;
      YamlNode domainAt = f.map().fields().get("domain").value();
      if (systemDomain.map(String::toLowerCase).filter(d -> d.equals(p.get().domain())).isPresent()) {
        f.problem(domainAt, "domain", "partner domain " + p.get().domain() + " is the inside system's own domain (system.domain)");
        continue;
      }
      String first = seen.putIfAbsent(p.get().domain(), f.entry() + ", line " + domainAt.line());
      if (first != null) {
        f.problem(domainAt, "domain", "duplicate partner domain " + p.get().domain() + "; first at " + first);
        continue;
      }
      if (p.get().certificate().isPresent() && !outsideTls) {
        f.problem(f.map().fields().get("certificate").value(), "certificate",
            "partner " + p.get().id() + " has a certificate (mutual TLS), but gateway.outside-sips and gateway.tls are not provisioned");
        continue;
      }
      out.add(new GatewayConfig.Partner(p.get(), may));
    }
    return out;
  }
}
