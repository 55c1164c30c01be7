package org.muster.app.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McServiceClient;
import org.muster.core.regroup.ActiveRegroup;
import org.muster.core.regroup.MemberStep;

/** A regroup with its per-member outcome as plain maps, ready for JSON (admin API, CLI status). */
public final class RegroupViews {
  private RegroupViews() {}

  public static Map<String, Object> of(ActiveRegroup r, boolean active) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("regroupGroup", r.regroupGroup().uri());
    m.put("state", active ? "ACTIVE" : "CANCELLED");
    m.put("service", r.service().name());
    m.put("type", r.isGroupRegroup() ? "group" : "user");
    m.put("requester", r.requester().uri());
    m.put("preconfiguredGroup", r.configurationGroup().uri());
    m.put("broadcast", r.broadcast());
    m.put("formedAt", r.formedAt().toString());
    m.put(r.isGroupRegroup() ? "groups" : "users", r.targets() instanceof RegroupTargets.Groups g
        ? g.groups().stream().map(x -> x.uri()).toList()
        : ((RegroupTargets.Users) r.targets()).users().stream().map(x -> x.uri()).toList());
    m.put("participants", r.participants().size());
    List<Map<String, Object>> members = new ArrayList<>();
    for (Map.Entry<McServiceClient, List<MemberStep>> e : r.outcomes().entrySet()) {
      Map<String, Object> mm = new LinkedHashMap<>();
      List<MemberStep> steps = e.getValue();
      MemberStep last = steps.get(steps.size() - 1);
      mm.put("user", e.getKey().user().uri());
      mm.put("client", e.getKey().contact());
      mm.put("state", last.state().name());
      mm.put("at", last.at().toString());
      mm.put("affiliated", r.hasParticipant(e.getKey()));
      List<Map<String, Object>> history = new ArrayList<>();
      for (MemberStep s : steps) history.add(Map.of("state", s.state().name(), "at", s.at().toString(), "detail", s.detail()));
      mm.put("history", history);
      members.add(mm);
    }
    m.put("members", members);
    return m;
  }
}
