package org.muster.app.provisioning;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.muster.core.config.Authorization;
import org.muster.core.config.UserConfig;
import org.muster.core.id.McServiceId;

/**
 * PROVISIONING.md {@code users[]}: id (a SIP URI in our domain or a partner's) and may
 * (authorizations, default none).
 */
final class UserSection {
  static final List<String> KEYS = List.of("id", "may");
  private static final String EXAMPLE = "- id: sip:ff1@metro.example";

  private final Identities ids;
  private final List<UserConfig> users = new ArrayList<>();

  private UserSection(Domains domains) {
    this.ids = new Identities("user", domains);
  }

  /** Reads the entries of {@code users} ({@code list} is empty when absent). */
  static UserSection read(List<YamlNode> list, Domains domains, Problems problems) {
    UserSection section = new UserSection(domains);
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
    id.ifPresent(uri -> users.add(new UserConfig(McServiceId.of(uri), may)));
  }
}
