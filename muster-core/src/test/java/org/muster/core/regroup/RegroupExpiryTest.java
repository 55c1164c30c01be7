package org.muster.core.regroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.core.RegroupTestContext.DISP1;
import static org.muster.core.RegroupTestContext.FF1;
import static org.muster.core.RegroupTestContext.FIRE;
import static org.muster.core.RegroupTestContext.POL1;
import static org.muster.core.RegroupTestContext.POLICE;
import static org.muster.core.RegroupTestContext.RG1;
import static org.muster.core.RegroupTestContext.RG2;
import static org.muster.core.RegroupTestContext.TMPL_INCIDENT;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.muster.core.RegroupTestContext;
import org.muster.core.config.GroupConfig;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.flow.RegroupExpiry;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.flow.RejectReason;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.port.Snapshot;
import org.muster.core.server.Decision;

/**
 * Muster extension: a regroup that expires is cancelled by the system when its time comes, by the
 * same steps as a requester's cancel, and recorded in the history as an expiry; the time asked
 * for in the create wins over the preconfigured group's default, and is kept with the regroup.
 */
class RegroupExpiryTest {
  static final McServiceGroupId TMPL_SHORT = RegroupTestContext.group("tmpl-short");

  private final RegroupTestContext ctx = RegroupTestContext.builder()
      .group(new GroupConfig(TMPL_SHORT, EnumSet.allOf(McService.class), List.of(FF1, RegroupTestContext.FF2, POL1), true, false, Optional.of(Duration.ofMinutes(5))))
      .build();

  private Outcome create(McServiceGroupId rg, McServiceGroupId tmpl, Optional<RegroupExpiry> expires, McServiceGroupId... groups) {
    return ctx.server.regroup(McService.MCPTT,
        new PreconfiguredRegroupRequest.FromClient(DISP1, rg, tmpl, new RegroupTargets.Groups(List.of(groups)), expires));
  }

  @Test
  void aRegroupAskedToExpireIsCancelledByTheSystemWhenItsTimeComes() {
    ctx.registered(DISP1);
    McServiceClient ff1 = ctx.affiliated(FF1, FIRE);
    Instant formed = ctx.clock.instant();
    assertThat(create(RG1, TMPL_INCIDENT, Optional.of(new RegroupExpiry.After(Duration.ofMinutes(10))), FIRE).accepted()).isTrue();
    assertThat(ctx.active(RG1).expiresAt()).contains(formed.plus(Duration.ofMinutes(10)));

    ctx.advance(Duration.ofMinutes(9).plusSeconds(59));
    assertThat(ctx.server.decide(McServiceServerAccess::expire).changes()).isEmpty();
    assertThat(ctx.isActive(RG1)).isTrue();

    ctx.advance(Duration.ofSeconds(1));
    Decision<Outcome> d = ctx.server.decide(McServiceServerAccess::expire);
    assertThat(ctx.isActive(RG1)).isFalse();
    assertThat(RegroupTestContext.cancels(d.answer())).singleElement().satisfies(c -> {
      assertThat(c.target()).isEqualTo(FF1);
      assertThat(c.requester()).as("the cancel goes in the name of the regroup's requester").isEqualTo(DISP1);
    });
    assertThat(d.changes().get(0)).isInstanceOf(StateChange.RegroupCancelled.class);
    assertThat(d.changes().get(1)).isInstanceOfSatisfying(StateChange.Recorded.class, r -> {
      assertThat(r.entry().event()).isEqualTo(HistoryEntry.Event.EXPIRY);
      assertThat(r.entry().outcome()).isEqualTo("expired");
      assertThat(r.entry().cancelledBy()).contains(HistoryEntry.SYSTEM);
      assertThat(r.entry().requester()).isEqualTo(DISP1);
    });
    assertThat(ctx.states(RG1, ff1)).endsWith(MemberState.CANCEL_NOTIFIED, MemberState.DEAFFILIATED);
    // once: the group is free again and nothing more expires
    assertThat(ctx.server.decide(McServiceServerAccess::expire).changes()).isEmpty();
    assertThat(ctx.groupRegroup(DISP1, RG2, TMPL_INCIDENT, FIRE).accepted()).isTrue();
  }

  @Test
  void thePreconfiguredGroupsDefaultAppliesUnlessTheCreateAsks() {
    ctx.registered(DISP1);
    ctx.affiliated(FF1, FIRE);
    ctx.affiliated(POL1, POLICE);
    Instant now = ctx.clock.instant();
    assertThat(create(RG1, TMPL_SHORT, Optional.empty(), FIRE).accepted()).isTrue();
    assertThat(create(RG2, TMPL_SHORT, Optional.of(new RegroupExpiry.At(now.plus(Duration.ofHours(1)))), POLICE).accepted()).isTrue();
    assertThat(ctx.active(RG1).expiresAt()).contains(now.plus(Duration.ofMinutes(5)));
    assertThat(ctx.active(RG2).expiresAt()).contains(now.plus(Duration.ofHours(1)));
    assertThat(ctx.groupRegroup(DISP1, RegroupTestContext.RG3, TMPL_INCIDENT, RegroupTestContext.AMBULANCE).accepted()).isTrue();
    assertThat(ctx.active(RegroupTestContext.RG3).expiresAt()).as("no default, none asked: never").isEmpty();

    ctx.advance(Duration.ofMinutes(5));
    ctx.server.expireRegroups();
    assertThat(ctx.isActive(RG1)).isFalse();
    assertThat(ctx.isActive(RG2)).isTrue();
  }

  @Test
  void anInstantThatIsNotInTheFutureIsRefusedAndRecorded() {
    ctx.registered(DISP1);
    ctx.affiliated(FF1, FIRE);
    Decision<Outcome> d = ctx.server.decide(s -> create(RG1, TMPL_INCIDENT, Optional.of(new RegroupExpiry.At(ctx.clock.instant())), FIRE));
    assertThat(d.answer().rejection().orElseThrow().reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(d.answer().rejection().orElseThrow().warningText()).contains("expires").contains("not in the future");
    assertThat(d.changes()).singleElement().isInstanceOfSatisfying(StateChange.Recorded.class,
        r -> assertThat(r.entry().event()).isEqualTo(HistoryEntry.Event.REJECT));
    assertThat(ctx.isActive(RG1)).isFalse();
  }

  @Test
  void theExpiryTimeSurvivesARestart() {
    ctx.registered(DISP1);
    ctx.affiliated(FF1, FIRE);
    assertThat(create(RG1, TMPL_INCIDENT, Optional.of(new RegroupExpiry.After(Duration.ofMinutes(10))), FIRE).accepted()).isTrue();
    RegroupRecord stored = RegroupRecord.of(ctx.active(RG1));
    assertThat(stored.expiresAt()).isPresent();

    RegroupTestContext after = RegroupTestContext.builder().startingAt(ctx.clock.instant().plus(Duration.ofMinutes(3))).build();
    after.server.restore(new Snapshot(List.of(), List.of(), List.of(stored)));
    assertThat(after.active(RG1).expiresAt()).isEqualTo(stored.expiresAt());
    after.advance(Duration.ofMinutes(7));
    assertThat(after.server.decide(McServiceServerAccess::expire).changes()).anyMatch(c -> c instanceof StateChange.RegroupCancelled);
    assertThat(after.isActive(RG1)).isFalse();
  }

  /** The expiry step as the adapter's timer calls it. */
  private static final class McServiceServerAccess {
    static Outcome expire(org.muster.core.server.McServiceServer s) {
      return s.expireRegroups();
    }
  }
}
