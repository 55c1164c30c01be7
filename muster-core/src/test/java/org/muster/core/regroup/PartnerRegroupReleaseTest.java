package org.muster.core.regroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.core.RegroupTestContext.DISP1;
import static org.muster.core.RegroupTestContext.START;
import static org.muster.core.RegroupTestContext.TMPL_INCIDENT;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.muster.core.ManualClock;
import org.muster.core.config.Authorization;
import org.muster.core.config.GroupConfig;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.PartnerConfig;
import org.muster.core.config.SystemSettings;
import org.muster.core.config.UserConfig;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest.ToClient;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.flow.RejectReason;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.server.McServiceServer;

/**
 * Beyond the seed: a partner's operator releases a regroup its primary formed there (10.xx.3.3.3
 * steps 5 and 8 without the primary), it expires after {@code release-after} of the primary's
 * silence, and the primary records the partner's notice and then owes that partner no cancel.
 */
class PartnerRegroupReleaseTest {
  static final Set<McService> ALL = EnumSet.allOf(McService.class);
  static final Set<Authorization> TRUST_ALL = EnumSet.allOf(Authorization.class);
  static final McServiceId NF1 = McServiceId.of("sip:nf1@north.example");
  static final McServiceGroupId NORTH_FIRE = McServiceGroupId.of("sip:north-fire@north.example");
  static final McServiceGroupId RG = McServiceGroupId.of("sip:rg-joint@metro.example");

  private final ManualClock clock = new ManualClock(START);
  private final McServiceServer north = new McServiceServer(north(), clock);
  private final PartnerConfig metro = north.config().partner("metro").orElseThrow();

  static McSystemConfig north() {
    PartnerConfig metro = new PartnerConfig("metro", "metro.example", new HostPort("127.0.0.1", 5060), TRUST_ALL, Optional.empty(), Optional.empty(),
        Set.of(), Optional.of(Duration.ofMinutes(10)));
    return new McSystemConfig(new SystemSettings("north", "north.example", new HostPort("127.0.0.1", 5070), Optional.empty(), "./target/unused"),
        List.of(new UserConfig(NF1, Set.of())),
        List.of(new GroupConfig(NORTH_FIRE, ALL, List.of(NF1), false, false), new GroupConfig(TMPL_INCIDENT, ALL, List.of(NF1), true, false)),
        List.of(metro));
  }

  private McServiceClient formedFromMetro() {
    McServiceClient nf1 = new McServiceClient(NF1, "sip:nf1@127.0.0.1:7001");
    north.register(nf1, McServiceServer.allServices(), 3600);
    north.affiliate(nf1, McService.MCPTT, List.of(NORTH_FIRE));
    Outcome formed = north.regroupFromPartner(metro, McService.MCPTT,
        new PreconfiguredRegroupRequest.BetweenServers(DISP1, RG, TMPL_INCIDENT, new RegroupTargets.Groups(List.of(NORTH_FIRE))));
    assertThat(formed.accepted()).isTrue();
    return nf1;
  }

  @Test
  void anOperatorReleasesIt_theClientsGetTheCancel_andThePrimaryANotice() {
    McServiceClient nf1 = formedFromMetro();
    clock.advance(Duration.ofMinutes(1));
    PartnerRegroupRelease.Released r = north.partnerRelease().release(RG, "alice", "metro decommissioned");
    assertThat(r.refusal()).isEmpty();
    assertThat(r.primary()).isEqualTo("metro");
    assertThat(r.outcome().deliveries()).singleElement().satisfies(d -> {
      assertThat(d.client()).isEqualTo(nf1);
      assertThat(d.flow()).isInstanceOf(ToClient.class);
    });
    assertThat(r.notice()).contains(new PartnerRelease(RG, McService.MCPTT, "north.example", "alice", "metro decommissioned",
        START.plus(Duration.ofMinutes(1))));
    assertThat(north.activeRegroup(RG)).isEmpty();
    assertThat(north.affiliationsOf(nf1, McService.MCPTT)).doesNotContain(RG);
    // released once: a second release, or metro's late cancel, finds nothing
    assertThat(north.partnerRelease().release(RG, "alice", "").refusal().orElseThrow().reason()).isEqualTo(RejectReason.UNKNOWN_IDENTITY);
    assertThat(north.cancelFromPartner(metro, McService.MCPTT, new PreconfiguredRegroupCancelRequest.BetweenServers(DISP1, RG))
        .rejection().orElseThrow().reason()).isEqualTo(RejectReason.UNKNOWN_IDENTITY);
  }

  @Test
  void theReleaseIsAHistoryLineWithTheOperatorAsWhoCancelled() {
    formedFromMetro();
    List<StateChange> changes = north.decide(core -> core.partnerRelease().release(RG, "alice", "metro decommissioned")).changes();
    assertThat(changes).filteredOn(c -> c instanceof StateChange.Recorded).singleElement().satisfies(c -> {
      HistoryEntry e = ((StateChange.Recorded) c).entry();
      assertThat(e.event()).isEqualTo(HistoryEntry.Event.CANCEL);
      assertThat(e.regroupGroup()).isEqualTo(RG);
      assertThat(e.outcome()).isEqualTo("released");
      assertThat(e.cancelledBy()).contains("alice");
      assertThat(e.reason().orElseThrow()).contains("released by alice at this partner system (metro decommissioned)");
    });
  }

  @Test
  void onlyARegroupAPartnerFormedHereIsReleased_byANamedOperator() {
    formedFromMetro();
    assertThat(north.partnerRelease().release(RG, " ", "").refusal().orElseThrow().reason()).isEqualTo(RejectReason.MALFORMED);
    assertThat(north.partnerRelease().release(RG, "alice", "two\nlines").refusal().orElseThrow().reason()).isEqualTo(RejectReason.MALFORMED);
    McServiceGroupId own = McServiceGroupId.of("sip:rg-own@north.example");
    assertThat(north.partnerRelease().release(own, "alice", "").refusal().orElseThrow().detail())
        .isEqualTo("sip:rg-own@north.example is no regroup a partner system formed here");
    assertThat(north.activeRegroup(RG)).isPresent();
  }

  @Test
  void itIsOverdueOnceThePrimaryHasBeenSilentForReleaseAfter() {
    formedFromMetro();
    Instant started = START;
    clock.advance(Duration.ofMinutes(9));
    assertThat(north.partnerRelease().overdue(Map.of(), started)).isEmpty();
    clock.advance(Duration.ofMinutes(1));
    assertThat(north.partnerRelease().overdue(Map.of(), started)).containsExactly(RG);
    // heard from metro two minutes ago: not yet
    assertThat(north.partnerRelease().overdue(Map.of("metro", clock.instant().minus(Duration.ofMinutes(2))), started)).isEmpty();
  }

  @Test
  void thePrimaryRecordsThePartnersReleaseAndOwesItNoCancel() {
    McServiceServer primary = new McServiceServer(PrimaryRegroupAcrossSystemsTest.metroConfig(), new ManualClock(START));
    CrossSystem asked = primary.regroupAcrossSystems(McService.MCPTT, RegroupTestContextRequests.group(RG,
        McServiceGroupId.of("sip:rescue@north.example")));
    assertThat(asked.toPartners()).extracting(PartnerRequest::partnerId).containsExactly("north");
    primary.partnersAnswered(RG, asked.instance(), Map.of("north", new PartnerAnswer.Accepted()));
    PartnerRelease notice = new PartnerRelease(RG, McService.MCPTT, "north.example", "alice", "", START);
    assertThat(primary.partnerRelease().received("south", notice).refusal()).isPresent(); // not a partner of this regroup
    assertThat(primary.partnerRelease().received("north", notice).accepted()).isTrue();
    assertThat(primary.partnerRelease().received("north", notice).repeat()).isTrue();
    assertThat(primary.activeRegroup(RG).orElseThrow().releases()).containsEntry("north", notice);
    CrossSystem cancelled = primary.cancelAcrossSystems(McService.MCPTT, new PreconfiguredRegroupCancelRequest.FromClient(DISP1, RG));
    assertThat(cancelled.outcome().accepted()).isTrue();
    assertThat(cancelled.toPartners()).isEmpty();
    assertThat(cancelled.awaiting()).isFalse();
  }

  /** A metro group regroup request by disp1 with the tmpl-incident configuration. */
  static final class RegroupTestContextRequests {
    static PreconfiguredRegroupRequest.FromClient group(McServiceGroupId rg, McServiceGroupId... groups) {
      return org.muster.core.RegroupTestContext.groupRequest(DISP1, rg, TMPL_INCIDENT, groups);
    }
  }
}
