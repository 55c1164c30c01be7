package org.muster.app.provisioning;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.muster.app.admin.AdminAccess;
import org.muster.app.provisioning.YamlNode.Mapping;
import org.muster.app.provisioning.YamlNode.Scalar;
import org.muster.core.config.Authentication;
import org.muster.core.config.DigestAlgorithm;
import org.muster.core.config.HostPort;
import org.muster.core.config.Security;
import org.muster.core.config.TlsIdentity;
import org.muster.sip.stack.PemFiles;
import org.muster.sip.stack.TlsSetupException;

/**
 * The authentication keys of PROVISIONING.md {@code system}: {@code authentication} (digest,
 * the default, or none), {@code digest-algorithms} (default [SHA-256, MD5]), {@code sips} with
 * {@code tls: {certificate, key}} (PEM files relative to the provisioning file), and, beyond
 * PROVISIONING.md, {@code admin-token} (the admin API's bearer token, {@code ${ENV}} allowed;
 * when absent, the environment variable {@value AdminAccess#TOKEN_VARIABLE}, same rules) and
 * {@code unauthenticated-limit} (requests per second one source address may have challenged or
 * refused before it authenticates; default 200), {@code clients-per-user} (registered Contacts
 * one user may have at once; default 10) and {@code clients-per-source} (clients registered at once
 * from one source address; default 10,000), and {@code proxies} (the SIP proxies in front of
 * this system, {@code host:port} each: README "Scaling out").
 */
final class SecuritySection {
  static final List<String> KEYS = List.of("authentication", "digest-algorithms", "sips", "tls", "admin-token", "unauthenticated-limit",
      "clients-per-user", "clients-per-source", "proxies");
  private static final List<String> TLS_KEYS = List.of("certificate", "key");
  private static final List<String> MODES = Arrays.stream(Authentication.values()).map(Authentication::word).toList();
  private static final List<String> ALGORITHMS = Arrays.stream(DigestAlgorithm.values()).map(DigestAlgorithm::token).toList();

  private SecuritySection() {}

  /** Reads the keys from {@code system}'s fields; empty when any of them is wrong (reported). */
  static Optional<Security> read(YamlFields f, Surroundings around) {
    boolean ok = true;
    Authentication mode = Authentication.DIGEST;
    Optional<Scalar> a = f.scalar("authentication", false);
    if (a.isPresent()) {
      Optional<Authentication> m = Arrays.stream(Authentication.values()).filter(x -> x.word().equals(a.get().text())).findFirst();
      if (m.isEmpty()) {
        f.problem(a.get(), "authentication", "unknown mode '" + a.get().text() + "'; allowed: " + String.join(", ", MODES));
        ok = false;
      } else {
        mode = m.get();
      }
    } else if (f.value("authentication").isPresent()) {
      ok = false; // not a single value: reported by scalar()
    }
    List<DigestAlgorithm> algorithms = Security.DEFAULT_ALGORITHMS;
    if (f.value("digest-algorithms").isPresent()) {
      Optional<Set<DigestAlgorithm>> words = f.words("digest-algorithms", DigestAlgorithm::fromToken, "digest algorithm", ALGORITHMS);
      if (words.isEmpty()) {
        ok = false;
      } else if (words.get().isEmpty()) {
        f.problem(f.value("digest-algorithms").get(), "digest-algorithms", "lists no algorithm; allowed: " + String.join(", ", ALGORITHMS));
        ok = false;
      } else {
        algorithms = new ArrayList<>(words.get());
      }
    }
    Optional<HostPort> sips = f.hostPort("sips", false);
    ok &= f.value("sips").isEmpty() || sips.isPresent();
    Optional<TlsIdentity> tls = Optional.empty();
    Optional<YamlNode> tlsNode = f.value("tls");
    if (tlsNode.isPresent()) {
      tls = tls(f, tlsNode.get(), around);
      ok &= tls.isPresent();
    }
    if (sips.isPresent() && tlsNode.isEmpty()) {
      f.problem(f.map().fields().get("sips").value(), "sips", "SIP over TLS needs tls: {certificate: FILE, key: FILE} (PEM files)");
      ok = false;
    }
    Optional<String> token = Optional.empty();
    Optional<Scalar> t = f.scalar("admin-token", false);
    if (t.isPresent()) {
      token = around.secret(f, "admin-token", t.get());
      if (token.isPresent() && token.get().length() < 16) {
        f.problem(t.get(), "admin-token", "is shorter than 16 characters: too easy to guess");
        token = Optional.empty();
      }
      ok &= token.isPresent();
    } else if (f.value("admin-token").isPresent()) {
      ok = false;
    } else {
      token = around.environment().apply(AdminAccess.TOKEN_VARIABLE).filter(v -> !v.isEmpty());
      if (token.isPresent() && token.get().length() < 16) {
        f.problem(f.map(), "the environment variable " + AdminAccess.TOKEN_VARIABLE + " (the admin token, as system.admin-token is"
            + " not set) is shorter than 16 characters: too easy to guess");
        token = Optional.empty();
        ok = false;
      }
    }
    Optional<Integer> limit = count(f, "unauthenticated-limit", Security.DEFAULT_UNAUTHENTICATED_PER_SECOND, 1_000_000,
        "requests per second and source address");
    Optional<Integer> perUser = count(f, "clients-per-user", Security.DEFAULT_CLIENTS_PER_USER, 10_000, "clients one user may register");
    Optional<Integer> perSource = count(f, "clients-per-source", Security.DEFAULT_CLIENTS_PER_SOURCE, 1_000_000,
        "clients registered from one source address");
    Optional<List<HostPort>> proxies = proxies(f);
    ok &= limit.isPresent() && perUser.isPresent() && perSource.isPresent() && proxies.isPresent();
    if (!ok) return Optional.empty();
    return Optional.of(new Security(mode, algorithms, sips, tls, token, limit.get(), perUser.get(), perSource.get(), proxies.get()));
  }

  /** List {@code proxies}: {@code host:port} each (IP addresses), none twice; empty when wrong (reported). */
  private static Optional<List<HostPort>> proxies(YamlFields f) {
    if (f.value("proxies").isEmpty()) return Optional.of(List.of());
    Optional<List<YamlFields.Item>> items = f.scalars("proxies");
    if (items.isEmpty()) return Optional.empty();
    List<HostPort> out = new ArrayList<>();
    boolean ok = true;
    for (YamlFields.Item item : items.get()) {
      String at = "proxies[" + item.index() + "]";
      try {
        HostPort p = HostPort.parse(item.value().text());
        if (!p.host().matches("[0-9.]+|[0-9A-Fa-f:]+") || p.port() == 0) {
          f.problem(item.value(), at, "'" + item.value().text() + "' is not IP:PORT of a SIP proxy such as 127.0.0.1:5060"
              + " (the address its requests come from)");
          ok = false;
        } else if (out.contains(p)) {
          f.problem(item.value(), at, "'" + item.value().text() + "' is listed twice");
          ok = false;
        } else {
          out.add(p);
        }
      } catch (IllegalArgumentException e) {
        f.problem(item.value(), at, e.getMessage() + "; expected IP:PORT of a SIP proxy such as 127.0.0.1:5060");
        ok = false;
      }
    }
    return ok ? Optional.of(out) : Optional.empty();
  }

  /** Whole number {@code key} from 1 to {@code max} ({@code absent} when not written); empty when wrong (reported). */
  private static Optional<Integer> count(YamlFields f, String key, int absent, int max, String what) {
    Optional<Scalar> s = f.scalar(key, false);
    if (s.isEmpty()) return f.value(key).isPresent() ? Optional.empty() : Optional.of(absent);
    int n;
    try {
      n = Integer.parseInt(s.get().text().trim());
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1 || n > max) {
      f.problem(s.get(), key, "expected " + what + ", 1 to " + max + ", got '" + s.get().text() + "'");
      return Optional.empty();
    }
    return Optional.of(n);
  }

  /** Map {@code tls} of {@code system}: {certificate: FILE, key: FILE}, both readable, the key a PEM private key. */
  static Optional<TlsIdentity> tls(YamlFields system, YamlNode node, Surroundings around) {
    if (!(node instanceof Mapping map)) {
      system.problem(node, "tls", "expected a map {certificate: FILE, key: FILE}, got " + node.describe());
      return Optional.empty();
    }
    YamlFields f = new YamlFields(map, system.path("tls"), system.problems());
    f.allowOnly(TLS_KEYS);
    Optional<Path> cert = readableFile(f, "certificate", around);
    Optional<Path> key = readableFile(f, "key", around).filter(k -> isPrivateKey(f, k));
    if (cert.isEmpty() || key.isEmpty()) return Optional.empty();
    return Optional.of(new TlsIdentity(cert.get(), key.get()));
  }

  /** {@code tls.key} must hold an unencrypted PEM private key (PKCS#8, PKCS#1 or SEC 1); reported when not. */
  private static boolean isPrivateKey(YamlFields f, Path key) {
    try {
      PemFiles.privateKey(key);
      return true;
    } catch (TlsSetupException e) {
      f.problem(f.map().fields().get("key").value(), "key", e.getMessage());
      return false;
    }
  }

  /** Required file {@code key} of {@code f}, resolved against the provisioning file's folder, that exists and can be read. */
  static Optional<Path> readableFile(YamlFields f, String key, Surroundings around) {
    Optional<Scalar> s = f.scalar(key, true);
    if (s.isEmpty()) return Optional.empty();
    Path p;
    try {
      p = around.file(s.get().text());
    } catch (InvalidPathException e) {
      f.problem(s.get(), key, "'" + s.get().text() + "' is not a file name: " + e.getReason());
      return Optional.empty();
    }
    if (!Files.isRegularFile(p)) {
      f.problem(s.get(), key, "no such file: " + p);
      return Optional.empty();
    }
    if (!Files.isReadable(p)) {
      f.problem(s.get(), key, "cannot read " + p + ": permission denied");
      return Optional.empty();
    }
    return Optional.of(p);
  }
}
