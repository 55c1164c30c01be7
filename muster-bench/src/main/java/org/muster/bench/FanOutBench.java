package org.muster.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Fan-out at one size: baseline, regroup and cancel rounds interleaved on one testbed (so the
 * noise of the shared machine hits them alike), then the admission test at the largest size.
 */
final class FanOutBench {
  private FanOutBench() {}

  record SizeResult(int clients, int groups, double setupMs, double registerRate, List<StepResult> steps,
      AdmissionBench.Result admission, List<String> notes) {

    List<StepResult> of(String kind) {
      return steps.stream().filter(s -> s.kind().equals(kind)).toList();
    }

    /** Round 1 of {@code kind}: the first on a fresh server. */
    StepResult first(String kind) {
      return of(kind).get(0);
    }

    /** The median of {@code f} over the warm rounds (2..R), or round 1 if it is the only one. */
    double warm(String kind, ToDoubleFunction<StepResult> f) {
      List<StepResult> s = of(kind);
      List<StepResult> w = s.size() > 1 ? s.subList(1, s.size()) : s;
      List<Double> v = new ArrayList<>();
      for (StepResult r : w) v.add(f.applyAsDouble(r));
      return Stats.median(v);
    }

    /** Median over warm rounds of (Muster rate / bare rate of the same round). */
    double warmRatio(String kind) {
      List<StepResult> m = of(kind);
      List<StepResult> b = of("baseline");
      List<Double> v = new ArrayList<>();
      for (int i = m.size() > 1 ? 1 : 0; i < m.size(); i++) v.add(m.get(i).rate() / b.get(i).rate());
      return Stats.median(v);
    }

    double firstRatio(String kind) {
      return first(kind).rate() / first("baseline").rate();
    }

    /** Time until every client was notified and affiliated (the dispatcher's measure). */
    static double notifiedAndAffiliated(StepResult s) {
      return s.allReceivedMs() < 0 || s.allAffiliatedMs() < 0 ? -1 : Math.max(s.allReceivedMs(), s.allAffiliatedMs());
    }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("clients", clients);
      m.put("fanOutGroups", groups);
      m.put("setupMs", StepResult.round3(setupMs));
      m.put("registrationsPerSecond", Math.round(registerRate));
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("baselineWarmRate", Math.round(warm("baseline", StepResult::rate)));
      for (String k : List.of("create", "cancel")) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("firstNotifiedAndAffiliatedMs", StepResult.round3(notifiedAndAffiliated(first(k))));
        s.put("warmNotifiedAndAffiliatedMs", StepResult.round3(warm(k, SizeResult::notifiedAndAffiliated)));
        s.put("warmFinalAnswerMs", StepResult.round3(warm(k, StepResult::finalAnswerMs)));
        s.put("warmRate", Math.round(warm(k, StepResult::rate)));
        s.put("warmRatioToBare", StepResult.round3(warmRatio(k)));
        s.put("firstRatioToBare", StepResult.round3(firstRatio(k)));
        summary.put(k, s);
      }
      m.put("summary", summary);
      List<Object> rounds = new ArrayList<>();
      for (StepResult s : steps) rounds.add(s.json());
      m.put("rounds", rounds);
      if (admission != null) m.put("admission", admission.json());
      if (!notes.isEmpty()) m.put("unacknowledgedExamples", notes);
      return m;
    }
  }

  static SizeResult run(BenchOptions o, int n, boolean admission, Progress progress) throws Exception {
    BenchSystem system = new BenchSystem(n, o.groupsFor(n), o.admissionGroupsFor(n));
    progress.stage("fan-out N=" + n + " set-up");
    try (Testbed bed = new Testbed(system, o.sockets, o.window, progress)) {
      progress.stage("fan-out N=" + n);
      List<StepResult> steps = rounds(bed, o.rounds, progress);
      AdmissionBench.Result adm = null;
      if (admission) {
        progress.stage("admission N=" + n + ", " + Math.min(o.concurrency, system.admissionGroups) + " concurrent");
        adm = AdmissionBench.run(bed, o.concurrency, o.admissionRounds, progress);
      }
      return new SizeResult(n, system.fanOutGroups, bed.setupMs, bed.registerRate, steps, adm, List.copyOf(bed.notes));
    }
  }

  /** {@code rounds} rounds on {@code bed}: each a bare baseline, a create and its cancel. */
  static List<StepResult> rounds(Testbed bed, int rounds, Progress progress) throws Exception {
    List<StepResult> steps = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      progress.update("rounds", r - 1, rounds);
      steps.add(bed.baseline(r));
      var rg = BenchSystem.regroupGroup("fan" + r);
      steps.add(bed.create(r, rg));
      steps.add(bed.cancel(r, rg));
    }
    progress.update("rounds", rounds, rounds);
    return steps;
  }
}
