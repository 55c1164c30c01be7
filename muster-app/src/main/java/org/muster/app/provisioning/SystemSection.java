package org.muster.app.provisioning;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.muster.app.admin.AdminAccess;
import org.muster.app.provisioning.YamlNode.Mapping;
import org.muster.app.provisioning.YamlNode.Scalar;
import org.muster.core.config.HostPort;
import org.muster.core.config.Retention;
import org.muster.core.config.Security;
import org.muster.core.config.SystemSettings;

/**
 * PROVISIONING.md {@code system}: id, domain, sip (required), http, store and retention
 * ({@link RetentionSection}) (optional), and the authentication keys ({@link SecuritySection}). The store defaults to {@code ./muster-data/<id>}
 * and is kept as written (see {@link ProvisioningLoader}).
 */
final class SystemSection {
  static final List<String> KEYS = java.util.stream.Stream.concat(
      java.util.stream.Stream.of("id", "domain", "sip", "http", "store", "retention"), SecuritySection.KEYS.stream()).toList();

  private static final Pattern JDBC_URL = Pattern.compile("jdbc:[A-Za-z0-9]+:.+");

  private final Optional<String> id;
  private final Optional<String> domain;
  private final Optional<SystemSettings> settings;
  private final Optional<Security> security;

  private SystemSection(Optional<String> id, Optional<String> domain, Optional<SystemSettings> settings, Optional<Security> security) {
    this.id = id;
    this.domain = domain;
    this.settings = settings;
    this.security = security;
  }

  /**
   * Reads {@code system} of the file's top-level map {@code top}; for a server ({@code serving}),
   * also refuses an admin API beyond loopback without a token.
   */
  static SystemSection read(YamlFields top, Problems problems, Surroundings around, boolean serving) {
    Optional<YamlNode> node = top.value("system");
    if (node.isEmpty()) {
      int line = top.map().fields().containsKey("system") ? top.map().fields().get("system").keyLine() : 1;
      problems.add(line, "", "system is missing; it holds this MC system's id, domain and sip address");
      return new SystemSection(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
    if (!(node.get() instanceof Mapping map)) {
      top.problem(node.get(), "system", "expected a map with keys " + String.join(", ", KEYS) + ", got " + node.get().describe());
      return new SystemSection(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
    YamlFields f = new YamlFields(map, "system", problems);
    f.allowOnly(KEYS);
    Optional<String> id = shortName(f, "id");
    Optional<String> domain = dnsName(f, "domain");
    Optional<HostPort> sip = f.hostPort("sip", true);
    Optional<HostPort> http = f.hostPort("http", false);
    boolean httpOk = f.value("http").isEmpty() || http.isPresent();
    Optional<String> store = store(f, id);
    Optional<Retention> retention = RetentionSection.read(f);
    Optional<Security> security = SecuritySection.read(f, around);
    if (serving && http.isPresent() && security.isPresent()) {
      AdminAccess.exposureProblem(http.get(), security.get().adminToken()).ifPresent(p -> f.problem(f.value("http").get(), "http", p));
    }
    Optional<SystemSettings> settings = Optional.empty();
    if (id.isPresent() && domain.isPresent() && sip.isPresent() && httpOk && store.isPresent() && security.isPresent()
        && retention.isPresent()) {
      settings = Optional.of(new SystemSettings(id.get(), domain.get(), sip.get(), http, store.get(), security.get(), retention.get()));
    }
    return new SystemSection(id, domain.map(String::toLowerCase), settings, security);
  }

  Optional<String> id() {
    return id;
  }

  /** The system's own SIP domain, lower case, when it is valid. */
  Optional<String> domain() {
    return domain;
  }

  /** How the system authenticates, when those keys are valid (defaults when absent). */
  Optional<Security> security() {
    return security;
  }

  /** The settings, when the whole block is valid. */
  Optional<SystemSettings> settings() {
    return settings;
  }

  /** Required short name {@code key} of {@code f} (system and partner ids). */
  static Optional<String> shortName(YamlFields f, String key) {
    Optional<Scalar> s = f.scalar(key, true);
    if (s.isPresent() && !Names.isShortName(s.get().text())) {
      f.problem(s.get(), key, "'" + s.get().text() + "' is not a short name: " + Names.SHORT_NAME_RULE);
      return Optional.empty();
    }
    return s.map(Scalar::text);
  }

  /** Required DNS name {@code key} of {@code f} (system and partner domains). */
  static Optional<String> dnsName(YamlFields f, String key) {
    Optional<Scalar> s = f.scalar(key, true);
    if (s.isPresent() && !Names.isDnsName(s.get().text())) {
      f.problem(s.get(), key, "'" + s.get().text() + "' is not a DNS name such as metro.example");
      return Optional.empty();
    }
    return s.map(Scalar::text);
  }

  /** A JDBC URL or a folder path, as written; absent: {@code ./muster-data/<id>}. */
  private static Optional<String> store(YamlFields f, Optional<String> id) {
    Optional<YamlNode> written = f.value("store");
    if (written.isEmpty()) return id.map(i -> "./muster-data/" + i);
    Optional<Scalar> s = f.scalar("store", false);
    if (s.isEmpty()) return Optional.empty();
    String text = s.get().text();
    if (text.startsWith("jdbc:")) {
      if (JDBC_URL.matcher(text).matches()) return Optional.of(text);
      f.problem(s.get(), "store", "'" + text + "' is not a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/muster");
      return Optional.empty();
    }
    try {
      Path.of(text);
      return Optional.of(text);
    } catch (InvalidPathException e) {
      f.problem(s.get(), "store", "'" + text + "' is not a folder path: " + e.getReason());
      return Optional.empty();
    }
  }
}
