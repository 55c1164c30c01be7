package org.muster.sip.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.regroup.MemberReport;
import org.muster.core.regroup.MemberState;
import org.muster.core.regroup.MemberStep;
import org.muster.protocol.MemberReportBody;

/**
 * The partner side's member report queue, with no socket: batching into numbered reports of at
 * most 100 steps within the size bound, one report in flight per regroup, retransmission of the
 * same report after no 2xx (2, 4, 8 s), final refusals, and the bounds.
 */
class MemberReportQueueTest {
  static final McServiceGroupId RG = McServiceGroupId.of("sip:rg-joint@metro.example");
  static final McServiceGroupId RG2 = McServiceGroupId.of("sip:rg-other@metro.example");
  static final MemberReportQueue.Key KEY = new MemberReportQueue.Key("metro", McService.MCPTT, RG, 1);
  static final MemberReportQueue.Key KEY2 = new MemberReportQueue.Key("metro", McService.MCPTT, RG2, 2);
  static final Instant T0 = Instant.parse("2025-01-01T08:00:00Z");

  private final AtomicInteger tokens = new AtomicInteger();
  private final MemberReportQueue queue = queue(MemberReportBody.MAX_BYTES);

  private MemberReportQueue queue(int maxBytes) {
    return new MemberReportQueue("north.example", MemberReportBody::encode, maxBytes, () -> "t" + tokens.incrementAndGet());
  }

  static List<MemberReport.Entry> steps(int n) {
    return steps(n, "200 OK");
  }

  static List<MemberReport.Entry> steps(int n, String detail) {
    List<MemberReport.Entry> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      McServiceClient c = new McServiceClient(McServiceId.of("sip:n" + i + "@north.example"), "sip:n" + i + "@192.0.2.7:5070");
      out.add(new MemberReport.Entry(c, new MemberStep(MemberState.ACKNOWLEDGED, T0.plusMillis(i), detail)));
    }
    return out;
  }

  private MemberReportQueue.Ready onlyDue() {
    List<MemberReportQueue.Ready> due = queue.due();
    assertThat(due).hasSize(1);
    return due.get(0);
  }

  @Test
  void oneBatchOfFewStepsIsOneReportNumberedOne() {
    queue.add(KEY, steps(3));

    MemberReportQueue.Ready r = onlyDue();

    assertThat(r.report().sequence()).isEqualTo(1);
    assertThat(r.report().stream()).isEqualTo("t1");
    assertThat(r.report().reportingSystem()).isEqualTo("north.example");
    assertThat(r.report().regroupGroup()).isEqualTo(RG);
    assertThat(r.report().steps()).hasSize(3);
    assertThat(r.body().contentType()).isEqualTo("application/vnd.muster.member-report+xml");
  }

  @Test
  void aLargeBatchIsChunkedIntoReportsOfAtMostAHundredStepsSentOneAtATime() {
    queue.add(KEY, steps(250));

    MemberReportQueue.Ready first = onlyDue();
    assertThat(first.report().steps()).hasSize(100);
    assertThat(queue.due()).as("one report in flight per regroup").isEmpty();
    assertThat(queue.waiting()).isEqualTo(3);

    assertThat(queue.answered(KEY, 200)).isEqualTo(MemberReportQueue.Verdict.DONE);
    MemberReportQueue.Ready second = onlyDue();
    assertThat(queue.answered(KEY, 200)).isEqualTo(MemberReportQueue.Verdict.DONE);
    MemberReportQueue.Ready third = onlyDue();

    assertThat(List.of(first, second, third)).extracting(r -> r.report().sequence()).containsExactly(1L, 2L, 3L);
    assertThat(third.report().steps()).hasSize(50);
    assertThat(third.report().steps().get(49)).isEqualTo(steps(250).get(249));
    assertThat(List.of(first, second, third)).extracting(r -> r.report().stream()).containsOnly("t1");
  }

  @Test
  void laterBatchesContinueTheNumbering() {
    queue.add(KEY, steps(1));
    onlyDue();
    queue.answered(KEY, 200);
    queue.add(KEY, steps(2));

    assertThat(onlyDue().report().sequence()).isEqualTo(2);
  }

  @Test
  void regroupsHaveStreamsOfTheirOwnAndGoInParallel() {
    queue.add(KEY, steps(1));
    queue.add(KEY2, steps(1));

    List<MemberReportQueue.Ready> due = queue.due();

    assertThat(due).extracting(r -> r.key()).containsExactly(KEY, KEY2);
    assertThat(due).extracting(r -> r.report().sequence()).containsExactly(1L, 1L);
    assertThat(due).extracting(r -> r.report().stream()).containsExactly("t1", "t2");
  }

  @Test
  void aReportWithoutA2xxIsSentAgainUnchangedAfter2_4And8SecondsThenDropped() {
    queue.add(KEY, steps(2));
    queue.add(KEY, steps(1));
    MemberReportQueue.Ready sent = onlyDue();

    List<Long> delays = new ArrayList<>();
    for (int status : new int[] {408, 503, 404}) {
      assertThat(queue.answered(KEY, status)).isEqualTo(MemberReportQueue.Verdict.RETRY);
      delays.add(queue.retryDelaySeconds(KEY));
      assertThat(queue.inFlight(KEY)).as("the same report, same number: the primary drops it if it had it").contains(sent);
      assertThat(queue.due()).isEmpty();
    }
    assertThat(delays).containsExactly(2L, 4L, 8L);

    assertThat(queue.answered(KEY, 408)).isEqualTo(MemberReportQueue.Verdict.DROPPED);
    MemberReportQueue.Ready next = onlyDue();
    assertThat(next.report().sequence()).isEqualTo(2);
    assertThat(queue.waiting()).isEqualTo(1);
  }

  @Test
  void aRetransmissionThatGetsA2xxLetsTheNextReportGo() {
    queue.add(KEY, steps(1));
    queue.add(KEY, steps(1));
    onlyDue();
    queue.answered(KEY, 408);

    assertThat(queue.answered(KEY, 200)).isEqualTo(MemberReportQueue.Verdict.DONE);
    assertThat(onlyDue().report().sequence()).isEqualTo(2);
  }

  @Test
  void aFinalRefusalIsNotSentAgain() {
    for (int status : new int[] {400, 403, 415}) {
      MemberReportQueue q = queue(MemberReportBody.MAX_BYTES);
      q.add(KEY, steps(1));
      q.due();
      assertThat(q.answered(KEY, status)).as("%s", status).isEqualTo(MemberReportQueue.Verdict.DROPPED);
      assertThat(q.waiting()).isZero();
    }
  }

  @Test
  void anAnswerForAStreamWithNothingInFlightChangesNothing() {
    queue.add(KEY, steps(1));

    assertThat(queue.answered(KEY, 200)).isEqualTo(MemberReportQueue.Verdict.DROPPED);
    assertThat(queue.waiting()).isEqualTo(1);
    assertThat(queue.inFlight(KEY)).isEmpty();
  }

  @Test
  void aReportOverTheSizeBoundIsSplitAndASingleStepOverItIsDropped() {
    MemberReportQueue small = queue(3000);
    int dropped = small.add(KEY, steps(20, "x".repeat(100)));

    assertThat(dropped).isZero();
    List<MemberReport> sent = new ArrayList<>();
    for (List<MemberReportQueue.Ready> due = small.due(); !due.isEmpty(); due = small.due()) {
      assertThat(due.get(0).body().body().length).isLessThanOrEqualTo(3000);
      sent.add(due.get(0).report());
      small.answered(KEY, 200);
    }
    assertThat(sent.size()).isGreaterThan(1);
    assertThat(sent).extracting(MemberReport::sequence).isSorted().doesNotHaveDuplicates();
    assertThat(sent.stream().flatMap(r -> r.steps().stream()).toList()).isEqualTo(steps(20, "x".repeat(100)));

    MemberReportQueue tiny = queue(200);
    assertThat(tiny.add(KEY, steps(2))).as("steps dropped").isEqualTo(2);
    assertThat(tiny.due()).isEmpty();
  }

  @Test
  void anUnreachablePrimaryMakesUsHoldABoundedBacklog() {
    queue.add(KEY, steps(1));
    MemberReportQueue.Ready inFlight = onlyDue();
    int dropped = 0;
    for (int i = 0; i < MemberReportQueue.MAX_WAITING + 5; i++) dropped += queue.add(KEY, steps(1));

    assertThat(dropped).isEqualTo(6);
    assertThat(queue.waiting()).isEqualTo(MemberReportQueue.MAX_WAITING);
    assertThat(queue.overflow()).isEqualTo(6);
    assertThat(queue.inFlight(KEY)).as("the report in flight stays").contains(inFlight);
    queue.answered(KEY, 200);
    assertThat(onlyDue().report().sequence()).as("the oldest waiting went first").isEqualTo(8);
  }
}
