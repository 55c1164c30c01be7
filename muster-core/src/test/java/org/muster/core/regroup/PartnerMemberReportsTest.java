package org.muster.core.regroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.core.RegroupTestContext.DISP1;
import static org.muster.core.RegroupTestContext.FF1;
import static org.muster.core.RegroupTestContext.FIRE;
import static org.muster.core.RegroupTestContext.RG1;
import static org.muster.core.RegroupTestContext.RG2;
import static org.muster.core.RegroupTestContext.START;
import static org.muster.core.RegroupTestContext.TMPL_INCIDENT;
import static org.muster.core.RegroupTestContext.groupRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.muster.core.ManualClock;
import org.muster.core.flow.PreconfiguredRegroupCancelRequest;
import org.muster.core.flow.PreconfiguredRegroupRequest;
import org.muster.core.flow.RejectReason;
import org.muster.core.flow.Rejection;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.regroup.RegroupRecord;
import org.muster.core.server.McServiceServer;

/**
 * The primary's side of the member reports (beyond the seed; {@link MemberReport}): what the
 * partners of a regroup spanning MC systems (10.xx.3.3.1, 10.xx.3.3.2) report about the clients
 * they serve is recorded per partner, apart from the clients served here; repeats are dropped;
 * reports for regroups that are unknown here, still forming, or that do not span the reporting
 * partner are refused (404).
 *
 * <p>metro is the primary ({@link PrimaryRegroupAcrossSystemsTest#metroConfig()}: partners north and
 * south); north's answers are given to {@link McServiceServer#partnersAnswered} directly.
 */
class PartnerMemberReportsTest {
  static final McServiceId N1 = PrimaryRegroupAcrossSystemsTest.N1;
  static final McServiceId N2 = PrimaryRegroupAcrossSystemsTest.N2;
  static final McServiceGroupId RESCUE = PrimaryRegroupAcrossSystemsTest.RESCUE;
  static final McServiceClient N1_CLIENT = new McServiceClient(N1, "sip:n1@192.0.2.7:5070");
  static final McServiceClient N2_CLIENT = new McServiceClient(N2, "sip:n2@192.0.2.8:5070;transport=tcp");

  private final ManualClock clock = new ManualClock(START);
  private final McServiceServer metro = new McServiceServer(PrimaryRegroupAcrossSystemsTest.metroConfig(), clock);
  private McServiceClient ff1;

  // ---- helpers

  /** RG1 over fire (here) and rescue (homed in north), formed: north accepted (10.xx.3.3.1 steps 4 to 11). */
  private ActiveRegroup formedWithNorth() {
    ff1 = new McServiceClient(FF1, "sip:ff1@127.0.0.1:7001");
    assertThat(metro.register(ff1, McServiceServer.allServices(), 3600).refusal()).isEmpty();
    assertThat(metro.affiliate(ff1, McService.MCPTT, List.of(FIRE)).refusal()).isEmpty();
    CrossSystem begun = metro.regroupAcrossSystems(McService.MCPTT, groupRequest(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE));
    assertThat(begun.awaiting()).isTrue();
    CrossSystem done = metro.partnersAnswered(RG1, begun.instance(), Map.of("north", new PartnerAnswer.Accepted()));
    assertThat(done.outcome().accepted()).isTrue();
    return metro.regroup(RG1).orElseThrow();
  }

  private static MemberReport report(McServiceGroupId rg, String system, String stream, long sequence, MemberReport.Entry... steps) {
    return new MemberReport(rg, McService.MCPTT, system, stream, sequence, List.of(steps));
  }

  private static MemberReport north(String stream, long sequence, MemberReport.Entry... steps) {
    return report(RG1, "north.example", stream, sequence, steps);
  }

  private MemberReport.Entry step(McServiceClient c, MemberState s, String detail) {
    return new MemberReport.Entry(c, new MemberStep(s, clock.instant(), detail));
  }

  private List<MemberState> northStates(McServiceClient c) {
    return metro.regroup(RG1).orElseThrow().partnerOutcomes().getOrDefault("north", Map.of()).getOrDefault(c, List.of())
        .stream().map(MemberStep::state).toList();
  }

  private static Rejection refused(PartnerMemberReports.Receipt r) {
    assertThat(r.accepted()).as("refused").isFalse();
    assertThat(r.recorded()).isZero();
    return r.refusal().orElseThrow();
  }

  // ---- recording

  @Test
  void aPartnersStepsAreRecordedUnderThatPartnerApartFromTheMembersServedHere() {
    ActiveRegroup r = formedWithNorth();
    // 10.xx.3.3.1 at north: 6. request sent, 9. affiliated, 8. acknowledged
    PartnerMemberReports.Receipt got = metro.partnerMembersReported("north", north("s1", 1,
        step(N1_CLIENT, MemberState.NOTIFIED, "preconfigured regroup request sent"),
        step(N1_CLIENT, MemberState.AFFILIATED, "affiliated to the regroup group"),
        step(N2_CLIENT, MemberState.NOTIFIED, "preconfigured regroup request sent"),
        step(N1_CLIENT, MemberState.ACKNOWLEDGED, "200 OK")));

    assertThat(got.accepted()).isTrue();
    assertThat(got.recorded()).isEqualTo(4);
    assertThat(got.repeat()).isFalse();
    assertThat(northStates(N1_CLIENT)).containsExactly(MemberState.NOTIFIED, MemberState.AFFILIATED, MemberState.ACKNOWLEDGED);
    assertThat(northStates(N2_CLIENT)).containsExactly(MemberState.NOTIFIED);
    assertThat(r.partnerOutcomes()).containsOnlyKeys("north");
    assertThat(r.partnerOutcomes().get("north")).containsOnlyKeys(N1_CLIENT, N2_CLIENT);
    // the clients served here are as they were: only ff1, and no partner client is a participant here
    assertThat(r.outcomes()).containsOnlyKeys(ff1);
    assertThat(r.participants()).containsExactly(ff1);
  }

  @Test
  void laterReportsAddToTheHistoryInOrderWithThePartnersTimes() {
    formedWithNorth();
    metro.partnerMembersReported("north", north("s1", 1, step(N1_CLIENT, MemberState.NOTIFIED, "sent")));
    clock.advance(Duration.ofSeconds(3));
    metro.partnerMembersReported("north", north("s1", 2, step(N1_CLIENT, MemberState.UNREACHABLE, "408 Request Timeout")));

    List<MemberStep> steps = metro.regroup(RG1).orElseThrow().partnerOutcomes().get("north").get(N1_CLIENT);
    assertThat(steps).extracting(MemberStep::state).containsExactly(MemberState.NOTIFIED, MemberState.UNREACHABLE);
    assertThat(steps.get(1).at()).isEqualTo(START.plusSeconds(3));
    assertThat(steps.get(1).detail()).isEqualTo("408 Request Timeout");
  }

  // ---- repeats

  @Test
  void aRetransmittedReportIsAcceptedAsARepeatAndRecordedOnce() {
    formedWithNorth();
    MemberReport first = north("s1", 1, step(N1_CLIENT, MemberState.ACKNOWLEDGED, "200 OK"));
    assertThat(metro.partnerMembersReported("north", first).recorded()).isEqualTo(1);

    // the partner did not get our 200 and sends the same report again
    PartnerMemberReports.Receipt again = metro.partnerMembersReported("north", first);

    assertThat(again.accepted()).as("a repeat is answered 200: the partner stops resending").isTrue();
    assertThat(again.repeat()).isTrue();
    assertThat(again.recorded()).isZero();
    assertThat(northStates(N1_CLIENT)).containsExactly(MemberState.ACKNOWLEDGED);
  }

  @Test
  void aReportNotAboveTheLastOneOfItsStreamIsARepeat() {
    formedWithNorth();
    metro.partnerMembersReported("north", north("s1", 1, step(N1_CLIENT, MemberState.NOTIFIED, "sent")));
    metro.partnerMembersReported("north", north("s1", 2, step(N1_CLIENT, MemberState.AFFILIATED, "affiliated")));

    assertThat(metro.partnerMembersReported("north", north("s1", 1, step(N1_CLIENT, MemberState.NOTIFIED, "sent"))).repeat()).isTrue();
    assertThat(northStates(N1_CLIENT)).containsExactly(MemberState.NOTIFIED, MemberState.AFFILIATED);
  }

  @Test
  void aGapInTheNumbersIsAReportThePartnerDroppedAndIsNoReasonToRefuse() {
    formedWithNorth();
    metro.partnerMembersReported("north", north("s1", 1, step(N1_CLIENT, MemberState.NOTIFIED, "sent")));

    PartnerMemberReports.Receipt r = metro.partnerMembersReported("north", north("s1", 3, step(N1_CLIENT, MemberState.ACKNOWLEDGED, "200 OK")));

    assertThat(r.recorded()).isEqualTo(1);
    assertThat(northStates(N1_CLIENT)).containsExactly(MemberState.NOTIFIED, MemberState.ACKNOWLEDGED);
  }

  @Test
  void aNewStreamStartsOverAtOne_aRestartedPartner() {
    formedWithNorth();
    metro.partnerMembersReported("north", north("before-restart", 7, step(N1_CLIENT, MemberState.NOTIFIED, "sent")));

    PartnerMemberReports.Receipt r = metro.partnerMembersReported("north", north("after-restart", 1, step(N1_CLIENT, MemberState.LEFT, "logged off")));

    assertThat(r.repeat()).isFalse();
    assertThat(northStates(N1_CLIENT)).containsExactly(MemberState.NOTIFIED, MemberState.LEFT);
  }

  // ---- refusals: 404

  @Test
  void aReportForAnUnknownRegroupIsRefusedAsUnknownIdentity() {
    formedWithNorth();

    Rejection r = refused(metro.partnerMembersReported("north", report(RG2, "north.example", "s1", 1,
        step(N1_CLIENT, MemberState.NOTIFIED, "sent"))));

    assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_IDENTITY);
    assertThat(r.sipStatus()).isEqualTo(404);
    assertThat(r.warningText()).isEqualTo("163 unknown identity: " + RG2.uri() + " is no mcptt regroup of this system");
  }

  @Test
  void aReportFromAPartnerTheRegroupDoesNotSpanIsRefusedAndRecordsNothing() {
    ActiveRegroup regroup = formedWithNorth();
    McServiceClient s1 = new McServiceClient(McServiceId.of("sip:s1@south.example"), "sip:s1@192.0.2.9:5080");

    Rejection r = refused(metro.partnerMembersReported("south", report(RG1, "south.example", "s1", 1,
        step(s1, MemberState.ACKNOWLEDGED, "200 OK"))));

    assertThat(r.sipStatus()).isEqualTo(404);
    assertThat(r.warningText()).isEqualTo("163 unknown identity: " + RG1.uri() + " does not span partner south");
    assertThat(regroup.partnerOutcomes()).isEmpty();
  }

  @Test
  void aReportOfAnotherServiceIsRefused() {
    formedWithNorth();

    Rejection r = refused(metro.partnerMembersReported("north", new MemberReport(RG1, McService.MCVIDEO, "north.example", "s1", 1,
        List.of(step(N1_CLIENT, MemberState.NOTIFIED, "sent")))));

    assertThat(r.sipStatus()).isEqualTo(404);
    assertThat(r.warningText()).contains("is no mcvideo regroup of this system");
  }

  @Test
  void aRegroupStillWaitingForItsPartnersTakesNoReportYet() {
    // 10.xx.3.3.1 steps 4 to 10: not in effect until every partner answered; the partner sends again later
    CrossSystem begun = metro.regroupAcrossSystems(McService.MCPTT, groupRequest(DISP1, RG1, TMPL_INCIDENT, FIRE, RESCUE));
    assertThat(begun.awaiting()).isTrue();

    Rejection r = refused(metro.partnerMembersReported("north", north("s1", 1, step(N1_CLIENT, MemberState.NOTIFIED, "sent"))));

    assertThat(r.warningText()).endsWith("does not span partner north");
    // once north's answer is in, the same report is taken
    metro.partnersAnswered(RG1, begun.instance(), Map.of("north", new PartnerAnswer.Accepted()));
    assertThat(metro.partnerMembersReported("north", north("s1", 1, step(N1_CLIENT, MemberState.NOTIFIED, "sent"))).recorded()).isEqualTo(1);
  }

  @Test
  void aRegroupOfThisSystemAloneTakesNoReport() {
    McServiceClient c = new McServiceClient(FF1, "sip:ff1@127.0.0.1:7001");
    metro.register(c, McServiceServer.allServices(), 3600);
    metro.affiliate(c, McService.MCPTT, List.of(FIRE));
    assertThat(metro.regroup(McService.MCPTT, groupRequest(DISP1, RG2, TMPL_INCIDENT, FIRE)).accepted()).isTrue();

    Rejection r = refused(metro.partnerMembersReported("north", report(RG2, "north.example", "s1", 1,
        step(N1_CLIENT, MemberState.NOTIFIED, "sent"))));

    assertThat(r.warningText()).endsWith("does not span partner north");
  }

  // ---- after the cancel (10.xx.3.3.3): the partner's cancel steps come later

  @Test
  void aRecentlyCancelledRegroupStillTakesThePartnersCancelSteps() {
    formedWithNorth();
    metro.partnerMembersReported("north", north("s1", 1, step(N1_CLIENT, MemberState.AFFILIATED, "affiliated")));
    CrossSystem cancel = metro.cancelAcrossSystems(McService.MCPTT, new PreconfiguredRegroupCancelRequest.FromClient(DISP1, RG1));
    assertThat(cancel.outcome().accepted()).isTrue();
    assertThat(metro.activeRegroups()).isEmpty();

    // 10.xx.3.3.3 at north: 5. cancel sent, 8. de-affiliated, 7. acknowledged
    PartnerMemberReports.Receipt r = metro.partnerMembersReported("north", north("s1", 2,
        step(N1_CLIENT, MemberState.CANCEL_NOTIFIED, "sent"), step(N1_CLIENT, MemberState.DEAFFILIATED, "cancelled"),
        step(N1_CLIENT, MemberState.CANCEL_ACKNOWLEDGED, "200 OK")));

    assertThat(r.recorded()).isEqualTo(3);
    assertThat(northStates(N1_CLIENT)).containsExactly(MemberState.AFFILIATED, MemberState.CANCEL_NOTIFIED, MemberState.DEAFFILIATED,
        MemberState.CANCEL_ACKNOWLEDGED);
  }

  @Test
  void aCancelTheStoreCouldNotRecordKeepsWhatPartnersReported() {
    ActiveRegroup before = formedWithNorth();
    metro.partnerMembersReported("north", north("s1", 4, step(N1_CLIENT, MemberState.ACKNOWLEDGED, "200 OK")));
    var cancelled = metro.decide(m -> m.cancelAcrossSystems(McService.MCPTT, new PreconfiguredRegroupCancelRequest.FromClient(DISP1, RG1)));

    metro.undo(cancelled.changes()); // the store could not record the cancel

    assertThat(northStates(N1_CLIENT)).containsExactly(MemberState.ACKNOWLEDGED);
    // and the position in north's stream: a repeat of report 4 is still a repeat
    assertThat(metro.partnerMembersReported("north", north("s1", 4, step(N1_CLIENT, MemberState.ACKNOWLEDGED, "200 OK"))).repeat()).isTrue();
  }

  // ---- a partner regroup's own side never takes reports

  @Test
  void aRegroupServedHereForAPrimaryTakesNoReports() {
    McServiceServer north = new McServiceServer(PartnerRegroupAcrossSystemsTest.northConfig(), clock);
    Outcome formed = north.regroupFromPartner(north.config().partner("metro").orElseThrow(), McService.MCPTT,
        new PreconfiguredRegroupRequest.BetweenServers(DISP1, RG1, TMPL_INCIDENT, groupRequest(DISP1, RG1, TMPL_INCIDENT, FIRE,
            PartnerRegroupAcrossSystemsTest.RESCUE).targets()));
    assertThat(formed.accepted()).isTrue();

    Rejection r = refused(north.partnerMembersReported("metro", report(RG1, "metro.example", "s1", 1,
        step(new McServiceClient(FF1, "sip:ff1@127.0.0.1:7001"), MemberState.NOTIFIED, "sent"))));

    assertThat(r.sipStatus()).isEqualTo(404);
  }

  // ---- bounds on what one partner can make the primary hold

  @Test
  void onlyTheLatestStepsOfAClientAreKept() {
    formedWithNorth();
    long seq = 1;
    for (int i = 0; i < PartnerMemberReports.MAX_STEPS_PER_CLIENT + 10; i++) {
      metro.partnerMembersReported("north", north("s1", seq++, step(N1_CLIENT, MemberState.NOTIFIED, "attempt " + i)));
    }

    List<MemberStep> steps = metro.regroup(RG1).orElseThrow().partnerOutcomes().get("north").get(N1_CLIENT);
    assertThat(steps).hasSize(PartnerMemberReports.MAX_STEPS_PER_CLIENT);
    assertThat(steps.get(0).detail()).isEqualTo("attempt 10");
    assertThat(steps.get(steps.size() - 1).detail()).isEqualTo("attempt " + (PartnerMemberReports.MAX_STEPS_PER_CLIENT + 9));
  }

  @Test
  void clientsBeyondTheBoundAreNotRecordedButKnownOnesStillAre() {
    formedWithNorth();
    long seq = 1;
    List<MemberReport.Entry> batch = new ArrayList<>();
    for (int i = 0; i <= PartnerMemberReports.MAX_CLIENTS_PER_PARTNER; i++) {
      batch.add(step(new McServiceClient(N1, "sip:n1@10.0." + (i / 250) + "." + (i % 250) + ":5070"), MemberState.NOTIFIED, "sent"));
      if (batch.size() == MemberReport.MAX_STEPS) {
        metro.partnerMembersReported("north", north("s1", seq++, batch.toArray(MemberReport.Entry[]::new)));
        batch.clear();
      }
    }
    PartnerMemberReports.Receipt last = metro.partnerMembersReported("north", north("s1", seq++,
        batch.toArray(MemberReport.Entry[]::new)));
    McServiceClient first = new McServiceClient(N1, "sip:n1@10.0.0.0:5070");
    PartnerMemberReports.Receipt known = metro.partnerMembersReported("north", north("s1", seq, step(first, MemberState.ACKNOWLEDGED, "200 OK")));

    assertThat(last.accepted()).isTrue();
    assertThat(last.recorded()).isZero();
    assertThat(known.recorded()).isEqualTo(1);
    assertThat(metro.regroup(RG1).orElseThrow().partnerOutcomes().get("north")).hasSize(PartnerMemberReports.MAX_CLIENTS_PER_PARTNER);
  }
}
