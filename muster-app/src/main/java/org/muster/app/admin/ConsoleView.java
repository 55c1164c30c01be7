package org.muster.app.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.muster.core.config.GroupConfig;
import org.muster.core.config.McSystemConfig;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.regroup.ActiveRegroup;
import org.muster.core.regroup.MemberState;
import org.muster.core.regroup.MemberStep;
import org.muster.core.server.McServiceServer;

/**
 * What the dispatcher's console shows ({@code GET /api/console}, and each event of {@code GET
 * /api/console/events}): the system, and its active regroups newest first, each with every listed
 * member (the regrouped groups' members from provisioning, or the listed users), registered or
 * not, and each of their clients' last step. Built on the core's thread.
 *
 * <pre>
 * {"system", "domain", "authentication", "warning"?, "now", "stats": {...},
 *  "regroups": [{"regroupGroup", "service", "type", "groups"|"users", "preconfiguredGroup", "broadcast",
 *    "requester", "formedAt", "forming", "partners", "listed", "acknowledged", "affiliated",
 *    "members": [{"user", "registered", "servedBy"?, "clients": [{"client", "state", "at", "detail",
 *      "acknowledged", "affiliated", "problem"}]}]}]}
 * </pre>
 */
final class ConsoleView {
  private ConsoleView() {}

  static Map<String, Object> snapshot(McServiceServer core, McSystemConfig config, java.time.Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("system", config.system().id());
    m.put("domain", config.domain());
    m.put("authentication", config.system().security().authentication().word());
    config.system().security().authentication().warning().ifPresent(w -> m.put("warning", w));
    m.put("now", now.toString());
    McServiceServer.Stats s = core.stats();
    m.put("stats", AdminHttp.map("registeredClients", s.registeredClients(), "affiliations", s.affiliations(),
        "activeRegroups", s.activeRegroups()));
    List<ActiveRegroup> active = new ArrayList<>(core.activeRegroups());
    active.sort(Comparator.comparing(ActiveRegroup::formedAt).thenComparing(ActiveRegroup::instance).reversed());
    List<Map<String, Object>> regroups = new ArrayList<>();
    for (ActiveRegroup r : active) regroups.add(regroup(core, config, r));
    m.put("regroups", regroups);
    return m;
  }

  private static Map<String, Object> regroup(McServiceServer core, McSystemConfig config, ActiveRegroup r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("regroupGroup", r.regroupGroup().uri());
    m.put("service", r.service().word());
    m.put("type", r.isGroupRegroup() ? "group" : "user");
    if (r.targets() instanceof RegroupTargets.Groups g) m.put("groups", g.groups().stream().map(McServiceGroupId::uri).toList());
    else m.put("users", ((RegroupTargets.Users) r.targets()).users().stream().map(McServiceId::uri).toList());
    m.put("preconfiguredGroup", r.configurationGroup().uri());
    m.put("broadcast", r.broadcast());
    m.put("requester", r.requester().uri());
    m.put("formedAt", r.formedAt().toString());
    m.put("forming", r.forming());
    m.put("partners", r.partners().stream().sorted().toList());
    // every listed member, in the order provisioning lists them; then clients reached that no list names
    Map<McServiceId, List<Map<String, Object>>> byUser = new LinkedHashMap<>();
    for (McServiceId u : listed(config, r)) byUser.put(u, new ArrayList<>());
    Map<McServiceId, String> servedBy = new LinkedHashMap<>();
    r.outcomes().forEach((c, steps) -> byUser.computeIfAbsent(c.user(), u -> new ArrayList<>()).add(client(c, steps, r.hasParticipant(c))));
    r.partnerOutcomes().forEach((partner, outcomes) -> outcomes.forEach((c, steps) -> {
      byUser.computeIfAbsent(c.user(), u -> new ArrayList<>()).add(client(c, steps, RegroupViews.affiliated(steps)));
      servedBy.put(c.user(), partner);
    }));
    List<Map<String, Object>> members = new ArrayList<>();
    int acknowledged = 0;
    int affiliated = 0;
    for (Map.Entry<McServiceId, List<Map<String, Object>>> e : byUser.entrySet()) {
      Map<String, Object> mm = new LinkedHashMap<>();
      mm.put("user", e.getKey().uri());
      mm.put("registered", servedBy.containsKey(e.getKey()) || !core.registrationsOf(e.getKey()).isEmpty());
      if (servedBy.containsKey(e.getKey())) mm.put("servedBy", servedBy.get(e.getKey()));
      mm.put("clients", e.getValue());
      if (e.getValue().stream().anyMatch(c -> Boolean.TRUE.equals(c.get("acknowledged")))) acknowledged++;
      if (e.getValue().stream().anyMatch(c -> Boolean.TRUE.equals(c.get("affiliated")))) affiliated++;
      members.add(mm);
    }
    m.put("listed", members.size());
    m.put("acknowledged", acknowledged);
    m.put("affiliated", affiliated);
    m.put("members", members);
    return m;
  }

  /** The users a regroup names: the members of its regrouped groups provisioned here, or its listed users. */
  static Set<McServiceId> listed(McSystemConfig config, ActiveRegroup r) {
    Set<McServiceId> users = new LinkedHashSet<>();
    if (r.targets() instanceof RegroupTargets.Users u) {
      users.addAll(u.users());
      return users;
    }
    for (McServiceGroupId g : r.regroupedGroups()) config.group(g).map(GroupConfig::members).ifPresent(users::addAll);
    return users;
  }

  private static Map<String, Object> client(McServiceClient c, List<MemberStep> steps, boolean affiliated) {
    MemberStep last = steps.get(steps.size() - 1);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("client", c.contact());
    m.put("state", last.state().name());
    m.put("at", last.at().toString());
    m.put("detail", last.detail());
    m.put("acknowledged", steps.stream().anyMatch(s -> s.state() == MemberState.ACKNOWLEDGED));
    m.put("affiliated", affiliated);
    m.put("problem", problem(steps));
    return m;
  }

  /** The client's answer to the request failed or never came (its last answer, not an earlier retry). */
  private static boolean problem(List<MemberStep> steps) {
    for (int i = steps.size() - 1; i >= 0; i--) {
      MemberState s = steps.get(i).state();
      if (s == MemberState.FAILED || s == MemberState.UNREACHABLE) return true;
      if (s == MemberState.ACKNOWLEDGED) return false;
    }
    return false;
  }
}
