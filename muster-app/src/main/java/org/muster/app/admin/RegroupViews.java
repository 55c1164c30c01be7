package org.muster.app.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McServiceClient;
import org.muster.core.regroup.ActiveRegroup;
import org.muster.core.regroup.MemberStep;

/**
 * A regroup with its per-member outcome as plain maps, ready for JSON (admin API, CLI status).
 * {@code members} lists the clients served here, then those served by partner systems as the
 * partners reported them, each with {@code servedBy} (the partner id); {@code partnerParticipants}
 * counts the latter that are affiliated to the regroup group (regroups spanning partners only).
 */
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
    r.expiresAt().ifPresent(e -> m.put("expiresAt", e.toString())); // Muster extension: when the system cancels it
    m.put(r.isGroupRegroup() ? "groups" : "users", r.targets() instanceof RegroupTargets.Groups g
        ? g.groups().stream().map(x -> x.uri()).toList()
        : ((RegroupTargets.Users) r.targets()).users().stream().map(x -> x.uri()).toList());
    m.put("participants", r.participants().size());
    List<Map<String, Object>> members = new ArrayList<>();
    for (Map.Entry<McServiceClient, List<MemberStep>> e : r.outcomes().entrySet()) {
      members.add(member(e.getKey(), e.getValue(), r.hasParticipant(e.getKey()), null));
    }
    // clients served by partner systems, as each partner reported them (MemberReport): servedBy names it
    int partnerParticipants = 0;
    for (Map.Entry<String, Map<McServiceClient, List<MemberStep>>> p : r.partnerOutcomes().entrySet()) {
      for (Map.Entry<McServiceClient, List<MemberStep>> e : p.getValue().entrySet()) {
        boolean affiliated = affiliated(e.getValue());
        if (affiliated) partnerParticipants++;
        members.add(member(e.getKey(), e.getValue(), affiliated, p.getKey()));
      }
    }
    if (!r.partners().isEmpty()) m.put("partnerParticipants", partnerParticipants);
    // a regroup a partner formed here names its primary; a primary's names the partners that released their part
    r.primarySystem().ifPresent(p -> m.put("primary", p));
    if (!r.releases().isEmpty()) {
      List<Map<String, Object>> released = new ArrayList<>();
      r.releases().forEach((p, n) -> released.add(AdminHttp.map("partner", p, "by", n.releasedBy(), "at", n.at().toString(), "reason", n.reason())));
      m.put("releasedByPartners", released);
    }
    m.put("members", members);
    return m;
  }

  /** One member; {@code servedBy} is the partner id for a client served by a partner, null for one served here. */
  private static Map<String, Object> member(McServiceClient client, List<MemberStep> steps, boolean affiliated, String servedBy) {
    Map<String, Object> mm = new LinkedHashMap<>();
    MemberStep last = steps.get(steps.size() - 1);
    mm.put("user", client.user().uri());
    mm.put("client", client.contact());
    if (servedBy != null) mm.put("servedBy", servedBy);
    mm.put("state", last.state().name());
    mm.put("at", last.at().toString());
    mm.put("affiliated", affiliated);
    List<Map<String, Object>> history = new ArrayList<>();
    for (MemberStep s : steps) history.add(Map.of("state", s.state().name(), "at", s.at().toString(), "detail", s.detail()));
    mm.put("history", history);
    return mm;
  }

  /** A partner-served client is affiliated to the regroup group after its last join, until it leaves. */
  static boolean affiliated(List<MemberStep> steps) {
    for (int i = steps.size() - 1; i >= 0; i--) {
      switch (steps.get(i).state()) {
        case AFFILIATED, JOINED_LATE -> {
          return true;
        }
        case LEFT, DEAFFILIATED -> {
          return false;
        }
        default -> {
          // a notification or an answer: look further back
        }
      }
    }
    return false;
  }
}
