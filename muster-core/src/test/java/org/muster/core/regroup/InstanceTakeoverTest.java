package org.muster.core.regroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.core.RegroupTestContext.FF1;
import static org.muster.core.RegroupTestContext.FF2;
import static org.muster.core.RegroupTestContext.FIRE;
import static org.muster.core.RegroupTestContext.RG1;
import static org.muster.core.regroup.SharedStoreFollowerTest.cancelled;
import static org.muster.core.regroup.SharedStoreFollowerTest.formedElsewhere;
import static org.muster.core.regroup.SharedStoreFollowerTest.inEffect;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.muster.core.RegroupTestContext;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.port.AffiliationRecord;
import org.muster.core.port.Snapshot;
import org.muster.core.registration.Registration;

/** Failover: this instance serves the clients of one that stopped, as the store had them ({@code McServiceServer#takeOver}). */
class InstanceTakeoverTest {
  private final RegroupTestContext t = RegroupTestContext.create();
  private final McServiceClient ff1 = RegroupTestContext.client(FF1, 7001);
  private final McServiceClient ff2 = RegroupTestContext.client(FF2, 7002);
  private final Instant at = Instant.parse("2026-11-25T10:00:01Z");

  private Snapshot deadInstance(List<RegroupRecord> inEffect, List<RegroupRecord> cancelledOwing) {
    List<Registration> regs = List.of(new Registration(ff1, Set.of(McService.MCPTT), at.plusSeconds(3600)),
        new Registration(ff2, Set.of(McService.MCPTT), at.plusSeconds(3600)));
    List<AffiliationRecord> affs = List.of(new AffiliationRecord(ff1, McService.MCPTT, Set.of(FIRE)),
        new AffiliationRecord(ff2, McService.MCPTT, Set.of(FIRE)));
    return new Snapshot(regs, affs, inEffect, List.of(), Map.of(), cancelledOwing);
  }

  /** The regroup as the dead instance stored it: ff1 acknowledged it, ff2 was sent it and had not answered. */
  private RegroupRecord asStored(RegroupRecord r) {
    return new RegroupRecord(r.service(), r.requester(), r.regroupGroup(), r.configurationGroup(), r.targets(), r.broadcast(),
        r.formedAt(), Set.of(ff1, ff2), Map.of(
            ff1, List.of(new MemberStep(MemberState.NOTIFIED, at, "sent"), new MemberStep(MemberState.ACKNOWLEDGED, at, "200")),
            ff2, List.of(new MemberStep(MemberState.NOTIFIED, at, "sent"))));
  }

  @Test
  void theUnansweredRequestIsSentAgainAndALaterCancelReachesEveryClientTakenOver() {
    t.server.followSharedStore(List.of(inEffect(formedElsewhere())));
    Outcome o = t.server.takeOver(deadInstance(List.of(asStored(formedElsewhere())), List.of()));
    assertThat(o.deliveries()).singleElement().satisfies(d -> {
      assertThat(d.client()).as("only the one that had not answered").isEqualTo(ff2);
      assertThat(d.isCancel()).isFalse();
    });
    assertThat(t.server.registration(ff1)).as("served here now").isPresent();
    assertThat(t.server.activeRegroup(RG1).orElseThrow().participants()).containsExactlyInAnyOrder(ff1, ff2);
    Outcome cancel = t.server.followSharedStore(List.of(cancelled(formedElsewhere())));
    assertThat(cancel.deliveries()).allMatch(Delivery::isCancel).extracting(Delivery::client).containsExactlyInAnyOrder(ff1, ff2);
  }

  @Test
  void aCancelTheClientsHadNotAnsweredIsSentAgain() {
    Outcome o = t.server.takeOver(deadInstance(List.of(), List.of(asStored(formedElsewhere()))));
    assertThat(o.deliveries()).allMatch(Delivery::isCancel).extracting(Delivery::client).containsExactlyInAnyOrder(ff1, ff2);
  }

  @Test
  void aClientThatRegisteredHereMeanwhileIsServedAsItIs() {
    McServiceClient again = t.affiliated(FF1, FIRE);
    Snapshot s = new Snapshot(List.of(new Registration(again, Set.of(McService.MCPTT), at.plusSeconds(10))),
        List.of(new AffiliationRecord(again, McService.MCPTT, Set.of())), List.of(), List.of(), Map.of(), List.of());
    t.server.takeOver(s);
    assertThat(t.server.affiliationsOf(again, McService.MCPTT)).as("its affiliation here, not the stored one").containsExactly(FIRE);
  }
}
