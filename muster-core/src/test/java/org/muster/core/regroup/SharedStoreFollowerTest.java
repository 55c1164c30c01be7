package org.muster.core.regroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.core.RegroupTestContext.DISP1;
import static org.muster.core.RegroupTestContext.FF1;
import static org.muster.core.RegroupTestContext.FIRE;
import static org.muster.core.RegroupTestContext.POLICE;
import static org.muster.core.RegroupTestContext.RG1;
import static org.muster.core.RegroupTestContext.RG2;
import static org.muster.core.RegroupTestContext.TMPL_INCIDENT;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.muster.core.RegroupTestContext;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.regroup.RegroupRecord;

/**
 * Several server instances on one store: each follows what the others formed and cancelled, for
 * the clients it serves, as the store's change feed reports the regroups changed.
 */
class SharedStoreFollowerTest {
  private final RegroupTestContext t = RegroupTestContext.create();

  static RegroupRecord formedElsewhere() {
    return new RegroupRecord(McService.MCPTT, DISP1, RG1, TMPL_INCIDENT, new RegroupTargets.Groups(List.of(FIRE, POLICE)), false,
        Instant.parse("2026-11-25T10:00:00Z"), Set.of(), Map.of());
  }

  static StoredRegroup inEffect(RegroupRecord r) {
    return new StoredRegroup(r, StoredRegroup.State.IN_EFFECT);
  }

  static StoredRegroup cancelled(RegroupRecord r) {
    return new StoredRegroup(r, StoredRegroup.State.CANCELLED);
  }

  @Test
  void aRegroupFormedOnAnotherInstanceIsCarriedOutForTheClientsServedHere() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    Outcome o = t.server.followSharedStore(List.of(inEffect(formedElsewhere())));
    assertThat(o.deliveries()).singleElement().satisfies(d -> {
      assertThat(d.client()).isEqualTo(ff1);
      assertThat(d.isCancel()).isFalse();
    });
    assertThat(t.server.activeRegroup(RG1).orElseThrow().participants()).containsExactly(ff1);
    assertThat(t.server.followSharedStore(List.of(inEffect(formedElsewhere()))).deliveries()).as("taken in once").isEmpty();
    // and it counts here: fire is regrouped (148), late joiners join
    assertThat(t.groupRegroup(DISP1, RG2, TMPL_INCIDENT, FIRE).rejection()).isPresent();
  }

  @Test
  void aRegroupCancelledOnAnotherInstanceIsCancelledForTheClientsServedHere() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    t.server.followSharedStore(List.of(inEffect(formedElsewhere())));
    Outcome o = t.server.followSharedStore(List.of(cancelled(formedElsewhere())));
    assertThat(o.deliveries()).singleElement().satisfies(d -> {
      assertThat(d.client()).isEqualTo(ff1);
      assertThat(d.isCancel()).isTrue();
    });
    assertThat(o.events()).anyMatch(e -> e.kind() == RegroupEvent.Kind.CANCELLED);
    assertThat(t.server.activeRegroup(RG1)).isEmpty();
    assertThat(t.groupRegroup(DISP1, RG2, TMPL_INCIDENT, FIRE).accepted()).isTrue();
  }

  @Test
  void aRegroupFormedHereAndStoredIsLeftAsItIs() {
    t.affiliated(FF1, FIRE);
    assertThat(t.groupRegroup(DISP1, RG1, TMPL_INCIDENT, FIRE).accepted()).isTrue();
    RegroupRecord stored = RegroupRecord.withoutMembersOf(t.server.activeRegroup(RG1).orElseThrow());
    Outcome o = t.server.followSharedStore(List.of(inEffect(stored)));
    assertThat(o.deliveries()).isEmpty();
    assertThat(o.events()).isEmpty();
  }

  @Test
  void aRegroupReplacedElsewhereByANewerOneOfTheSameRegroupGroupEndsHereAndTheNewerOneTakesEffect() {
    McServiceClient ff1 = t.affiliated(FF1, FIRE);
    t.server.followSharedStore(List.of(inEffect(formedElsewhere())));
    RegroupRecord old = formedElsewhere();
    RegroupRecord newer = new RegroupRecord(McService.MCPTT, DISP1, RG1, TMPL_INCIDENT, new RegroupTargets.Groups(List.of(FIRE)), false,
        old.formedAt().plusSeconds(30), Set.of(), Map.of());
    // the cancel of the old one was not seen (both changed since the last read: only the newer one is reported in effect)
    Outcome o = t.server.followSharedStore(List.of(inEffect(newer)));
    assertThat(o.deliveries()).extracting(d -> d.client().equals(ff1) && d.isCancel()).containsExactly(true, false);
    assertThat(t.server.activeRegroup(RG1).orElseThrow().formedAt()).isEqualTo(newer.formedAt());
  }

  @Test
  void theCancelOfAnOlderRegroupOfTheSameRegroupGroupLeavesTheOneInEffectHere() {
    t.affiliated(FF1, FIRE);
    RegroupRecord older = formedElsewhere();
    RegroupRecord now = new RegroupRecord(McService.MCPTT, DISP1, RG1, TMPL_INCIDENT, new RegroupTargets.Groups(List.of(FIRE)), false,
        older.formedAt().plusSeconds(30), Set.of(), Map.of());
    t.server.followSharedStore(List.of(inEffect(now)));
    Outcome o = t.server.followSharedStore(List.of(cancelled(older)));
    assertThat(o.deliveries()).isEmpty();
    assertThat(t.server.activeRegroup(RG1)).isPresent();
  }

  @Test
  void aRegroupStillFormingElsewhereIsNotTakenInYet() {
    t.affiliated(FF1, FIRE);
    Outcome o = t.server.followSharedStore(List.of(new StoredRegroup(formedElsewhere(), StoredRegroup.State.FORMING)));
    assertThat(o.deliveries()).isEmpty();
    assertThat(t.server.activeRegroup(RG1)).isEmpty();
  }
}
