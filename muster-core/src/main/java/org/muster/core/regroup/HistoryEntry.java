package org.muster.core.regroup;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/**
 * One line of the regroup history (Muster's audit record, beyond the seed): a create, a reject, a
 * cancel or an expiry, as the core decided it. It comes out of the core with the rest of what
 * the decision changed ({@link StateChange.Recorded}), so the store writes it in the same
 * transaction as the change it describes. A reject of a cancel names no preconfigured group or
 * lists (the request had none); a cancel and an expiry carry those of the regroup that ended.
 */
public record HistoryEntry(
    Instant at,
    Event event,
    McServiceGroupId regroupGroup,
    McService service,
    McServiceId requester,
    Optional<McServiceGroupId> preconfigured,
    List<McServiceGroupId> groups,
    List<McServiceId> users,
    String outcome,
    Optional<String> reason,
    Optional<String> cancelledBy) {

  /** Who cancels a regroup that expired ({@link Event#EXPIRY}). */
  public static final String SYSTEM = "system";

  /** What happened. */
  public enum Event {
    CREATE,
    REJECT,
    CANCEL,
    EXPIRY;

    /** The lower-case word of the API ({@code create}, {@code reject}, ...). */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The event named {@code word}, if any. */
    public static Optional<Event> of(String word) {
      for (Event e : values()) if (e.word().equals(word)) return Optional.of(e);
      return Optional.empty();
    }
  }

  public HistoryEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(regroupGroup, "regroupGroup");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(outcome, "outcome");
    groups = List.copyOf(groups);
    users = List.copyOf(users);
  }

  /** A regroup formed (in effect); {@code detail} says for which primary system, at a partner. */
  static HistoryEntry formed(Instant at, ActiveRegroup r) {
    Optional<String> detail = r.primarySystem().map(p -> "at the request of primary system " + p);
    return of(at, Event.CREATE, r, r.requester(), "formed", detail, Optional.empty());
  }

  /** The regroup ended by {@code by}'s cancel (a user here, or a primary system's user); its requester is the one who formed it. */
  static HistoryEntry cancelled(Instant at, ActiveRegroup r, McServiceId by, Optional<String> detail) {
    return of(at, Event.CANCEL, r, r.requester(), "cancelled", detail, Optional.of(by.uri()));
  }

  /** A regroup a primary formed here, ended at this partner system by operator {@code by} (or by expiry, {@code by} "expiry"). */
  static HistoryEntry released(Instant at, ActiveRegroup r, String by, String why) {
    return of(at, Event.CANCEL, r, r.requester(), "released", Optional.of(why), Optional.of(by));
  }

  /** The regroup reached its expiry time and the system cancelled it. */
  static HistoryEntry expired(Instant at, ActiveRegroup r) {
    return of(at, Event.EXPIRY, r, r.requester(), "expired", r.expiresAt().map(e -> "expired at " + e), Optional.of(SYSTEM));
  }

  /** A create refused (at once, or when its partners did not all accept). */
  public static HistoryEntry createRejected(Instant at, McService service, McServiceId requester, McServiceGroupId regroupGroup,
      McServiceGroupId preconfigured, RegroupTargets targets, Rejection why) {
    return new HistoryEntry(at, Event.REJECT, regroupGroup, service, requester, Optional.of(preconfigured), groupsOf(targets),
        usersOf(targets), "rejected", Optional.of(reason(why)), Optional.empty());
  }

  /** A cancel refused. */
  public static HistoryEntry cancelRejected(Instant at, McService service, McServiceId requester, McServiceGroupId regroupGroup,
      Rejection why) {
    return new HistoryEntry(at, Event.REJECT, regroupGroup, service, requester, Optional.empty(), List.of(), List.of(),
        "cancel rejected", Optional.of(reason(why)), Optional.empty());
  }

  /** The Warning text of {@code why}; for a code with a fixed text (148, 165), what it is about after it. */
  public static String reason(Rejection why) {
    boolean more = why.reason().fixedText() && !why.detail().isEmpty() && !why.detail().equals(why.warningText());
    return more ? why.warningText() + ": " + why.detail() : why.warningText();
  }

  private static HistoryEntry of(Instant at, Event event, ActiveRegroup r, McServiceId requester, String outcome,
      Optional<String> reason, Optional<String> cancelledBy) {
    return new HistoryEntry(at, event, r.regroupGroup(), r.service(), requester, Optional.of(r.configurationGroup()),
        groupsOf(r.targets()), usersOf(r.targets()), outcome, reason, cancelledBy);
  }

  private static List<McServiceGroupId> groupsOf(RegroupTargets t) {
    return t instanceof RegroupTargets.Groups g ? g.groups() : List.of();
  }

  private static List<McServiceId> usersOf(RegroupTargets t) {
    return t instanceof RegroupTargets.Users u ? u.users() : List.of();
  }
}
