package org.muster.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.muster.core.id.McServiceGroupId;
import org.muster.sip.stack.SipResponse;

/**
 * Admission latency: with every client of the testbed affiliated, {@code concurrency} regroup
 * creates on disjoint admission groups sent at once, then as many cancels; each request's time
 * to its final answer, over several rounds.
 */
final class AdmissionBench {
  private AdmissionBench() {}

  record Result(int clients, int concurrency, int rounds, List<Double> createMs, List<Double> cancelMs) {
    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("clients", clients);
      m.put("concurrency", concurrency);
      m.put("rounds", rounds);
      m.put("create", summary(createMs));
      m.put("cancel", summary(cancelMs));
      return m;
    }

    static Map<String, Object> summary(List<Double> v) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("samples", v.size());
      m.put("p50Ms", StepResult.round3(Stats.percentile(v, 50)));
      m.put("p99Ms", StepResult.round3(Stats.percentile(v, 99)));
      m.put("maxMs", StepResult.round3(Stats.percentile(v, 100)));
      return m;
    }
  }

  static Result run(Testbed bed, int concurrency, int rounds, Progress progress) throws Exception {
    int c = Math.min(concurrency, bed.system.admissionGroups);
    List<Double> creates = Collections.synchronizedList(new ArrayList<>());
    List<Double> cancels = Collections.synchronizedList(new ArrayList<>());
    int members = membersOf(bed, c);
    for (int r = 1; r <= rounds; r++) {
      final int round = r;
      progress.update("admission rounds", r - 1, rounds);
      Testbed.settle();
      MemberEvents.Step created = bed.events.newStep(members);
      burst(c, k -> bed.driver.regroup(regroupGroup(round, k), List.of(BenchSystem.admissionGroup(k))), creates, "create");
      created.awaitAnswers(Testbed.WAIT_MS);
      Testbed.settle();
      MemberEvents.Step cancelled = bed.events.newStep(members);
      burst(c, k -> bed.driver.cancel(regroupGroup(round, k)), cancels, "cancel");
      cancelled.awaitAnswers(Testbed.WAIT_MS);
    }
    progress.update("admission rounds", rounds, rounds);
    return new Result(bed.system.users, c, rounds, List.copyOf(creates), List.copyOf(cancels));
  }

  private static McServiceGroupId regroupGroup(int round, int k) {
    return BenchSystem.regroupGroup("adm" + round + "-" + k);
  }

  private static int membersOf(Testbed bed, int groups) {
    int n = 0;
    for (int i = 0; i < bed.system.users; i++) if (i % bed.system.admissionGroups < groups) n++;
    return n;
  }

  /** Sends {@code count} requests at once; records each one's time to its final answer. */
  private static void burst(int count, IntFunction<CompletableFuture<SipResponse>> request, List<Double> into, String what)
      throws Exception {
    List<CompletableFuture<SipResponse>> all = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      long t0 = System.nanoTime();
      CompletableFuture<SipResponse> f = request.apply(k);
      all.add(f.whenComplete((r, e) -> into.add(Stats.millis(System.nanoTime() - t0))));
    }
    for (CompletableFuture<SipResponse> f : all) {
      SipResponse r = f.get(Testbed.WAIT_MS, TimeUnit.MILLISECONDS);
      if (!r.isSuccess()) throw new IllegalStateException(what + ": " + r.status() + " " + r.reason() + " " + r.header("Warning").orElse(""));
    }
  }
}
