package org.muster.app.provisioning;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.muster.app.provisioning.YamlNode.Mapping;
import org.muster.app.provisioning.YamlNode.Sequence;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.SystemSettings;

/**
 * Loads the provisioning file (PROVISIONING.md) into an immutable {@link McSystemConfig}, or fails
 * with a {@link ProvisioningException} listing every mistake with its line and entry, before
 * anything starts.
 *
 * <p>Decisions beyond PROVISIONING.md:
 *
 * <ul>
 *   <li>{@code system.store} is kept as written. A value starting with {@code jdbc:} is a JDBC
 *       URL; any other is a folder path, and a relative one is relative to the working directory
 *       of the {@code muster} process, not to the provisioning file's folder (like the default
 *       {@code ./muster-data/<id>}).
 *   <li>Every user and group ID is in {@code system.domain} or in a partner's domain; any other
 *       domain is an error. A group member is a provisioned user, or any identity in a partner's
 *       domain (homed in that partner system, TS 23.280 10.xx.3.3.1).
 *   <li>Only {@code true} and {@code false} are booleans; {@code yes}, {@code on} are errors.
 *       Anchors are ignored and aliases refused. Duplicate keys, duplicate words in a list and a
 *       partner with our own id or domain are errors.
 *   <li>Port 0 in {@code system.sip} or {@code system.http} asks for any free port (tests).
 *   <li>File names ({@code system.tls}, {@code partners[].certificate}) are relative to the
 *       provisioning file's folder; {@code ${NAME}} (a whole {@code password} or {@code
 *       admin-token} value) is read from the environment, and an unset variable is an error.
 *   <li>{@code system.admin-token} (at least 16 characters) is the admin API's bearer token; when
 *       the file has none, the environment variable {@code MUSTER_ADMIN_TOKEN} (same rules) is.
 *   <li>For a server ({@link #loadForServer}), {@code system.http} on an address that is not
 *       loopback without an admin token is an error: the admin API changes what the system does.
 *       Clients reading the same file ({@link #load}) are not held to it.
 * </ul>
 */
public final class ProvisioningLoader {
  static final List<String> KEYS = List.of("system", "users", "groups", "partners");

  private ProvisioningLoader() {}

  /** Reads and validates {@code file} (UTF-8); problems name the file as given. */
  public static McSystemConfig load(Path file) throws ProvisioningException {
    return load(file, false);
  }

  /** {@link #load}, and the checks of a system about to be served, such as the admin API's exposure. */
  public static McSystemConfig loadForServer(Path file) throws ProvisioningException {
    return load(file, true);
  }

  private static McSystemConfig load(Path file, boolean serving) throws ProvisioningException {
    return parse(read(file, "the provisioning file"), file.toString(), Surroundings.ofProcess(folderOf(file)), serving);
  }

  /** The text of {@code file} (UTF-8), or a problem "cannot read WHAT: REASON" naming the file. */
  static String read(Path file, String what) throws ProvisioningException {
    Objects.requireNonNull(file, "file");
    try {
      return Files.readString(file);
    } catch (IOException e) {
      Problems problems = new Problems(file.toString());
      problems.add(0, "", "cannot read " + what + ": " + reason(e));
      throw problems.toException();
    }
  }

  /** The folder relative file names in {@code file} are read from. */
  static Path folderOf(Path file) {
    Path folder = file.toAbsolutePath().getParent();
    return folder == null ? Path.of("") : folder;
  }

  /** Validates {@code yaml}; problems name {@code sourceName}, such as the file name. */
  public static McSystemConfig parse(String yaml, String sourceName) throws ProvisioningException {
    return parse(yaml, sourceName, Surroundings.ofProcess(Path.of("").toAbsolutePath()), false);
  }

  /**
   * Validates {@code yaml}; relative file names are read from {@code folder}, {@code ${NAME}}
   * secrets from {@code environment} (tests give their own).
   */
  public static McSystemConfig parse(String yaml, String sourceName, Path folder, Function<String, Optional<String>> environment)
      throws ProvisioningException {
    return parse(yaml, sourceName, new Surroundings(folder, environment), false);
  }

  /** {@link #parse(String, String, Path, Function)} with the checks of {@link #loadForServer}. */
  public static McSystemConfig parseForServer(String yaml, String sourceName, Path folder, Function<String, Optional<String>> environment)
      throws ProvisioningException {
    return parse(yaml, sourceName, new Surroundings(folder, environment), true);
  }

  private static McSystemConfig parse(String yaml, String sourceName, Surroundings around, boolean serving) throws ProvisioningException {
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(sourceName, "sourceName");
    Problems problems = new Problems(sourceName);
    String text = yaml.startsWith("\uFEFF") ? yaml.substring(1) : yaml;
    Optional<YamlNode> root = YamlTreeReader.read(text, problems);
    if (root.isPresent() && !(root.get() instanceof Mapping)) {
      problems.add(root.get(), "", "expected a map with keys " + String.join(", ", KEYS) + ", got " + root.get().describe());
    }
    if (root.isEmpty() || !(root.get() instanceof Mapping map)) throw problems.toException();
    Optional<McSystemConfig> config = validate(new YamlFields(map, "", problems), problems, around, serving);
    problems.throwIfAny();
    return config.orElseThrow(); // each reason for no config was reported as a problem
  }

  /** The sections, in dependency order: system, partners (domains), users, groups (members). */
  private static Optional<McSystemConfig> validate(YamlFields top, Problems problems, Surroundings around, boolean serving) {
    top.allowOnly(KEYS);
    SystemSection system = SystemSection.read(top, problems, around, serving);
    PartnerSection partners = PartnerSection.read(list(top, "partners"), system, around, problems);
    Set<String> partnerDomains = new HashSet<>(partners.domains());
    system.domain().ifPresent(partnerDomains::remove);
    Domains domains = new Domains(system.domain(), partnerDomains);
    UserSection users = UserSection.read(list(top, "users"), domains, system.security(), around, partners, problems);
    partners.migrated().checkListed(users.ids());
    GroupSection groups = GroupSection.read(list(top, "groups"), domains, users.ids(), problems);
    Optional<SystemSettings> settings = system.settings();
    if (settings.isEmpty() || !problems.isEmpty()) return Optional.empty();
    return Optional.of(new McSystemConfig(settings.get(), users.users(), groups.groups(), partners.partners()));
  }

  /** The items of top-level list {@code key}; empty when absent or not a list (reported). */
  private static List<YamlNode> list(YamlFields top, String key) {
    Optional<YamlNode> v = top.value(key);
    if (v.isEmpty()) return List.of();
    if (v.get() instanceof Sequence s) return s.items();
    top.problem(v.get(), key, "expected a list of entries, each starting with '- id:', got " + v.get().describe());
    return List.of();
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) return "no such file";
    if (e instanceof AccessDeniedException) return "permission denied";
    if (e instanceof CharacterCodingException) return "it is not UTF-8 text";
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
