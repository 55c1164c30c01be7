package org.muster.core.regroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.core.RegroupTestContext.DISP1;
import static org.muster.core.RegroupTestContext.FF1;
import static org.muster.core.RegroupTestContext.FIRE;
import static org.muster.core.RegroupTestContext.RG1;
import static org.muster.core.RegroupTestContext.START;
import static org.muster.core.RegroupTestContext.TMPL_INCIDENT;
import static org.muster.core.RegroupTestContext.groupRequest;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.muster.core.ManualClock;
import org.muster.core.config.PartnerConfig;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.flow.RegroupTargets;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.regroup.RegroupRecord;
import org.muster.core.port.Snapshot;
import org.muster.core.server.McServiceServer;

/**
 * TS 23.280 10.xx.3.3.3 after a restart (STYLE.md 3.3: replay rebuilds state): a regroup that spans
 * partner systems must still be cancellable in every system once the servers rebuilt their state
 * from the store ({@link McServiceServer#restore}, {@link McServiceServer#undo}).
 */
class CrossSystemRestartTest {
  private final ManualClock clock = new ManualClock(START);

  private static final PreconfiguredRegroupRequest.BetweenServers FROM_METRO = new PreconfiguredRegroupRequest.BetweenServers(
      DISP1, RG1, TMPL_INCIDENT, new RegroupTargets.Groups(List.of(FIRE, PartnerRegroupAcrossSystemsTest.RESCUE)));

  private McServiceServer metroFormedAcrossNorth() {
    McServiceServer metro = new McServiceServer(PrimaryRegroupAcrossSystemsTest.metroConfig(), clock);
    McServiceClient ff1 = new McServiceClient(FF1, "sip:ff1@127.0.0.1:7401");
    metro.register(ff1, McServiceServer.allServices(), 3600);
    metro.affiliate(ff1, McService.MCPTT, List.of(FIRE));
    CrossSystem begun = metro.regroupAcrossSystems(McService.MCPTT,
        groupRequest(DISP1, RG1, TMPL_INCIDENT, FIRE, PrimaryRegroupAcrossSystemsTest.RESCUE));
    assertThat(metro.partnersAnswered(RG1, begun.instance(), Map.of("north", new PartnerAnswer.Accepted())).outcome().accepted()).isTrue();
    return metro;
  }

  private McServiceServer northServingMetro() {
    McServiceServer north = new McServiceServer(PartnerRegroupAcrossSystemsTest.northConfig(), clock);
    McServiceClient n1 = new McServiceClient(PartnerRegroupAcrossSystemsTest.N1, "sip:n1@127.0.0.1:7402");
    north.register(n1, McServiceServer.allServices(), 3600);
    north.affiliate(n1, McService.MCPTT, List.of(PartnerRegroupAcrossSystemsTest.RESCUE));
    assertThat(north.regroupFromPartner(metroAt(north), McService.MCPTT, FROM_METRO).accepted()).isTrue();
    return north;
  }

  private static PartnerConfig metroAt(McServiceServer north) {
    return north.config().partner("metro").orElseThrow();
  }

  /** The server as it comes back from the store: a new instance restored from what was stored. */
  private McServiceServer restarted(McServiceServer before) {
    McServiceServer after = new McServiceServer(before.config(), clock);
    List<RegroupRecord> stored = before.activeRegroups().stream().map(RegroupRecord::of).toList();
    after.restore(new Snapshot(List.of(), List.of(), stored));
    return after;
  }

  private static CrossSystem cancelAt(McServiceServer s, org.muster.core.id.McServiceId requester) {
    return s.cancelAcrossSystems(McService.MCPTT, new PreconfiguredRegroupCancelRequest.FromClient(requester, RG1));
  }

  @Test
  void restart_aRestoredPartnerRegroupAcrossSystemsStillHoldsTheGroupsHomedThere() {
    McServiceServer north = restarted(northServingMetro());

    var again = north.regroup(McService.MCPTT,
        groupRequest(PartnerRegroupAcrossSystemsTest.NDISP, PartnerRegroupAcrossSystemsTest.RG_NORTH, PartnerRegroupAcrossSystemsTest.TMPL_NORTH,
            PartnerRegroupAcrossSystemsTest.RESCUE));

    assertThat(again.rejection().orElseThrow().warningText()).isEqualTo("148 group is regrouped");
  }

  @Test
  void restart_thePrimaryStillSendsTheCancelToThePartnersAfterARestart() {
    McServiceServer metro = restarted(metroFormedAcrossNorth());

    CrossSystem c = cancelAt(metro, DISP1);

    assertThat(c.outcome().accepted()).isTrue();
    assertThat(c.toPartners()).extracting(PartnerRequest::partnerId).containsExactly("north");
  }

  @Test
  void restart_aPartnerStillAcceptsThePrimarysCancelAfterARestart() {
    McServiceServer north = restarted(northServingMetro());

    assertThat(north.regroup(RG1).orElseThrow().primarySystem()).contains("metro");
    Outcome o = north.cancelFromPartner(metroAt(north), McService.MCPTT, new PreconfiguredRegroupCancelRequest.BetweenServers(DISP1, RG1));
    assertThat(o.accepted()).isTrue();
  }

  @Test
  void reinstate_aReinstatedCrossSystemRegroupKeepsItsPartners() {
    McServiceServer metro = metroFormedAcrossNorth();
    var cancelled = metro.decide(m -> cancelAt(m, DISP1));
    assertThat(cancelled.answer().toPartners()).hasSize(1);
    metro.undo(cancelled.changes()); // the store refused the cancel

    CrossSystem again = cancelAt(metro, DISP1);

    assertThat(again.toPartners()).extracting(PartnerRequest::partnerId).containsExactly("north");
  }
}
