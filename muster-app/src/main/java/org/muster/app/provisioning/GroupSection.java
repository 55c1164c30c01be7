package org.muster.app.provisioning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.muster.app.provisioning.YamlFields.Item;
import org.muster.core.config.GroupConfig;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.id.SipUri;

/**
 * PROVISIONING.md {@code groups[]}: id, services (default all three), members,
 * preconfigured-regroup-only and broadcast (default false). A member is a provisioned user or an
 * identity in a partner domain, homed in that partner system (TS 23.280 10.xx.3.3.1). Beyond
 * PROVISIONING.md, {@code regroup-expires}: how long after forming a regroup that takes its
 * configuration from this group is cancelled by the system, unless its create asks otherwise.
 */
final class GroupSection {
  static final List<String> KEYS = List.of("id", "services", "members", "preconfigured-regroup-only", "broadcast", "regroup-expires");
  private static final List<String> SERVICE_WORDS = Arrays.stream(McService.values()).map(McService::word).toList();
  private static final String EXAMPLE = "- id: sip:fire@metro.example, with members: [...]";

  private final Domains domains;
  private final Identities users;
  private final Identities ids;
  private final List<GroupConfig> groups = new ArrayList<>();

  private GroupSection(Domains domains, Identities users) {
    this.domains = domains;
    this.users = users;
    this.ids = new Identities("group", domains);
  }

  /** Reads the entries of {@code groups} ({@code list} is empty when absent). */
  static GroupSection read(List<YamlNode> list, Domains domains, Identities users, Problems problems) {
    GroupSection section = new GroupSection(domains, users);
    for (int i = 0; i < list.size(); i++) {
      YamlFields.ofItem(list.get(i), "groups[" + i + "]", EXAMPLE, problems).ifPresent(section::group);
    }
    return section;
  }

  /** The valid groups, in file order. */
  List<GroupConfig> groups() {
    return List.copyOf(groups);
  }

  private void group(YamlFields unlabelled) {
    YamlFields f = unlabelled.peek("id").map(unlabelled::labelled).orElse(unlabelled);
    f.allowOnly(KEYS);
    Optional<String> id = ids.read(f).filter(uri -> notAUser(f, uri));
    Optional<Set<McService>> services = services(f);
    List<McServiceId> members = members(f);
    boolean preconfigured = f.bool("preconfigured-regroup-only", false);
    boolean broadcast = f.bool("broadcast", false);
    Optional<java.time.Duration> expires = regroupExpires(f);
    if (id.isPresent() && services.isPresent()) {
      groups.add(new GroupConfig(McServiceGroupId.of(id.get()), services.get(), members, preconfigured, broadcast, expires));
    }
  }

  /** {@code regroup-expires}: an ISO-8601 duration ({@code PT30M}) or a number with s, m, h or d ({@code 30m}); absent: none. */
  private static Optional<java.time.Duration> regroupExpires(YamlFields f) {
    Optional<YamlNode.Scalar> s = f.scalar("regroup-expires", false);
    if (s.isEmpty()) return Optional.empty();
    String text = s.get().text().trim();
    java.util.regex.Matcher short_ = java.util.regex.Pattern.compile("(\\d{1,9})\\s*([smhd])").matcher(text);
    try {
      java.time.Duration d = short_.matches()
          ? java.time.Duration.parse((short_.group(2).equals("d") ? "P" : "PT") + short_.group(1) + short_.group(2).toUpperCase(java.util.Locale.ROOT))
          : java.time.Duration.parse(text);
      return Optional.of(new org.muster.core.flow.RegroupExpiry.After(d).duration());
    } catch (java.time.format.DateTimeParseException | IllegalArgumentException e) {
      f.problem(s.get(), "regroup-expires", "expected how long a regroup lasts, from 1 second to "
          + org.muster.core.flow.RegroupExpiry.MAX.toDays() + " days, such as 30m, 8h, 1d or PT30M, got '" + text + "'");
      return Optional.empty();
    }
  }

  private boolean notAUser(YamlFields f, String uri) {
    Optional<String> user = users.whereIs(uri);
    if (user.isEmpty()) return true;
    f.problem(f.map().fields().get("id").value(), "group ID " + uri + " is also a user ID, at " + user.get());
    return false;
  }

  /** Absent: all three services; an empty list is a mistake (a group offers at least one). */
  private static Optional<Set<McService>> services(YamlFields f) {
    Optional<YamlNode> written = f.value("services");
    if (written.isEmpty()) return Optional.of(EnumSet.allOf(McService.class));
    if (written.get() instanceof YamlNode.Sequence s && s.items().isEmpty()) {
      f.problem(s, "services", "empty list; name at least one of " + String.join(", ", SERVICE_WORDS) + ", or leave services out for all three");
      return Optional.empty();
    }
    return f.words("services", McService::fromWord, "service", SERVICE_WORDS);
  }

  /** The valid members; each other one is reported. */
  private List<McServiceId> members(YamlFields f) {
    List<McServiceId> members = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (Item item : f.scalars("members").orElse(List.of())) {
      String uri = item.value().text();
      String at = "members[" + item.index() + "]";
      Integer first = seen.putIfAbsent(uri, item.index());
      if (!SipUri.isValid(uri)) {
        f.problem(item.value(), at, "'" + uri + "' is not a SIP URI such as sip:ff1@metro.example");
      } else if (first != null) {
        f.problem(item.value(), at, uri + " is listed twice (also members[" + first + "])");
      } else if (users.whereIs(uri).isPresent() || domains.isPartner(SipUri.domain(uri))) {
        members.add(McServiceId.of(uri));
      } else {
        f.problem(item.value(), at, notProvisioned(uri));
      }
    }
    return members;
  }

  private String notProvisioned(String uri) {
    String domain = SipUri.domain(uri);
    if (domains.own().isEmpty() || domains.own().get().equals(domain)) {
      return uri + " is not a provisioned user; add it under users:";
    }
    return uri + " is not a provisioned user nor in a partner domain";
  }
}
