package org.muster.app.provisioning;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.muster.app.provisioning.YamlNode.Scalar;
import org.muster.core.config.Authorization;
import org.muster.core.config.Credential;
import org.muster.core.config.DigestAlgorithm;
import org.muster.core.config.Security;
import org.muster.core.config.UserConfig;
import org.muster.core.id.McServiceId;

/**
 * PROVISIONING.md {@code users[]}: id (a SIP URI in our domain or a partner's), may
 * (authorizations, default none) and the digest credential: {@code password} (or {@code ${ENV}}),
 * or {@code ha1-md5} and/or {@code ha1-sha256}, H(username:realm:password) in hex. With
 * {@code authentication: digest} every user of this system's domain needs one that answers an
 * offered algorithm (a user homed in a partner's domain registers with the partner, not here,
 * unless that partner's entry lists it in {@code migrated-users}). Muster: {@code served-by}, the
 * id of the partner a user of ours migrated to.
 */
final class UserSection {
  static final List<String> KEYS = List.of("id", "may", "password", "ha1-md5", "ha1-sha256", "served-by");
  private static final String EXAMPLE = "- id: sip:ff1@metro.example";
  private static final Map<String, DigestAlgorithm> HA1_KEYS = Map.of("ha1-md5", DigestAlgorithm.MD5, "ha1-sha256", DigestAlgorithm.SHA_256);

  private final Domains domains;
  private final Identities ids;
  private final Optional<Security> security;
  private final Surroundings around;
  private final List<UserConfig> users = new ArrayList<>();
  private final MigratedUsers migrated;
  private final Set<String> partnerIds;

  private UserSection(Domains domains, Optional<Security> security, Surroundings around, MigratedUsers migrated, Set<String> partnerIds) {
    this.domains = domains;
    this.migrated = migrated;
    this.partnerIds = partnerIds;
    this.ids = new Identities("user", domains);
    this.security = security;
    this.around = around;
  }

  /**
   * Reads the entries of {@code users} ({@code list} is empty when absent). {@code security} is
   * empty when the system's authentication keys are wrong (reported there): credentials are then
   * read but not required.
   */
  static UserSection read(List<YamlNode> list, Domains domains, Optional<Security> security, Surroundings around,
      PartnerSection partners, Problems problems) {
    UserSection section = new UserSection(domains, security, around, partners.migrated(), partners.ids());
    for (int i = 0; i < list.size(); i++) {
      YamlFields.ofItem(list.get(i), "users[" + i + "]", EXAMPLE, problems).ifPresent(section::user);
    }
    return section;
  }

  /** The valid users, in file order. */
  List<UserConfig> users() {
    return List.copyOf(users);
  }

  /** Every user ID written as a valid SIP URI, with where it was first written. */
  Identities ids() {
    return ids;
  }

  private void user(YamlFields unlabelled) {
    YamlFields f = unlabelled.peek("id").map(unlabelled::labelled).orElse(unlabelled);
    f.allowOnly(KEYS);
    Optional<String> id = ids.read(f);
    Set<Authorization> may = Authorizations.read(f, "may");
    if (id.isEmpty()) return;
    McServiceId user = McServiceId.of(id.get());
    Credentials c = credential(f, user);
    if (c.wrong()) return;
    // a user homed in a partner system registers there, never here: only ours (and those migrated to us) need a credential
    boolean registersHere = !domains.isPartner(user.domain()) || migrated.contains(id.get());
    if (c.credential().isEmpty() && registersHere && security.map(Security::authenticates).orElse(false)) {
      f.problem(f.map().fields().get("id").value(), "has no credential: give password (or password: ${ENV_NAME}), ha1-md5 or ha1-sha256"
          + " (authentication: digest, the default)");
      return;
    }
    Optional<String> servedBy = servedBy(f, user);
    if (f.value("served-by").isPresent() && servedBy.isEmpty()) return;
    users.add(new UserConfig(user, may, c.credential(), servedBy));
  }

  /** {@code served-by}: the id of a provisioned partner, for a user of our own domain only. */
  private Optional<String> servedBy(YamlFields f, McServiceId user) {
    Optional<Scalar> v = f.scalar("served-by", false);
    if (v.isEmpty()) return Optional.empty();
    if (domains.isPartner(user.domain())) {
      f.problem(v.get(), "served-by", "only a user of this system's domain migrates to a partner; " + user.uri() + " is homed in a partner");
      return Optional.empty();
    }
    if (!partnerIds.contains(v.get().text())) {
      f.problem(v.get(), "served-by", "'" + v.get().text() + "' is not a provisioned partner id"
          + (partnerIds.isEmpty() ? " (none is provisioned)" : " (" + String.join(", ", new java.util.TreeSet<>(partnerIds)) + ")"));
      return Optional.empty();
    }
    return Optional.of(v.get().text());
  }

  private record Credentials(Optional<Credential> credential, boolean wrong) {}

  private Credentials credential(YamlFields f, McServiceId user) {
    Optional<Scalar> password = f.scalar("password", false);
    boolean wrong = f.value("password").isPresent() && password.isEmpty();
    Map<DigestAlgorithm, String> ha1 = new EnumMap<>(DigestAlgorithm.class);
    for (Map.Entry<String, DigestAlgorithm> k : HA1_KEYS.entrySet()) {
      Optional<Scalar> hex = f.scalar(k.getKey(), false);
      if (hex.isEmpty()) {
        wrong |= f.value(k.getKey()).isPresent();
        continue;
      }
      DigestAlgorithm a = k.getValue();
      if (!Credential.isHex(hex.get().text(), a.hexLength())) {
        f.problem(hex.get(), k.getKey(), "expected " + a.hexLength() + " hex digits, " + a.token() + "(\""
            + UserConfig.digestUsername(user) + ":" + user.domain() + ":PASSWORD\"), got '" + hex.get().text() + "'");
        wrong = true;
      } else {
        ha1.put(a, hex.get().text());
      }
    }
    if (password.isPresent() && (!ha1.isEmpty() || f.value("ha1-md5").isPresent() || f.value("ha1-sha256").isPresent())) {
      f.problem(password.get(), "password", "give either password or ha1-md5/ha1-sha256, not both");
      return new Credentials(Optional.empty(), true);
    }
    if (wrong) return new Credentials(Optional.empty(), true);
    if (password.isPresent()) {
      Optional<String> secret = around.secret(f, "password", password.get());
      if (secret.isEmpty()) return new Credentials(Optional.empty(), true);
      if (secret.get().isEmpty()) {
        f.problem(password.get(), "password", "is empty");
        return new Credentials(Optional.empty(), true);
      }
      return new Credentials(Optional.of(Credential.ofPassword(UserConfig.digestUsername(user), user.domain(), secret.get())), false);
    }
    if (ha1.isEmpty()) return new Credentials(Optional.empty(), false);
    List<DigestAlgorithm> offered = security.map(Security::digestAlgorithms).orElse(List.of(DigestAlgorithm.values()));
    if (offered.stream().noneMatch(ha1::containsKey)) {
      String key = ha1.containsKey(DigestAlgorithm.MD5) ? "ha1-md5" : "ha1-sha256";
      f.problem(f.map().fields().get(key).value(), key, "answers none of system.digest-algorithms "
          + offered.stream().map(DigestAlgorithm::token).toList() + ": this user could never authenticate");
      return new Credentials(Optional.empty(), true);
    }
    return new Credentials(Optional.of(Credential.ofHa1(ha1)), false);
  }
}
