package org.muster.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured fan-out step: a bare-stack baseline round, a Muster regroup (create) or a Muster
 * cancel, to {@code clients} clients. Times are milliseconds from the moment the request (or,
 * for the baseline, the first MESSAGE) was sent; -1 when the step did not get there in time.
 *
 * @param finalAnswerMs request to the dispatcher's final answer (not for the baseline)
 * @param allReceivedMs until every client had received its MESSAGE
 * @param allAffiliatedMs until the server reported every client (de-)affiliated (MEMBER events)
 * @param allAnsweredMs until every client's 200 was back at the sender (Muster: ACKNOWLEDGED events)
 * @param acks clients' 200 answers recorded (Muster: acknowledgement events; baseline: 200s)
 * @param notAcknowledged deliveries answered with an error or not at all (in the sender's time-out)
 * @param messages MESSAGEs the clients received, retransmissions included
 */
record StepResult(
    String kind,
    int round,
    int clients,
    double finalAnswerMs,
    double allReceivedMs,
    double allAffiliatedMs,
    double allAnsweredMs,
    int acks,
    int notAcknowledged,
    long messages) {

  /** Notifications per second: clients / time until all received. */
  double rate() {
    return allReceivedMs <= 0 ? 0 : clients / (allReceivedMs / 1000.0);
  }

  Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", kind);
    m.put("round", round);
    m.put("clients", clients);
    if (finalAnswerMs >= 0 || !kind.equals("baseline")) m.put("finalAnswerMs", round3(finalAnswerMs));
    m.put("allReceivedMs", round3(allReceivedMs));
    if (!kind.equals("baseline")) m.put("allAffiliatedMs", round3(allAffiliatedMs));
    m.put("allAnsweredMs", round3(allAnsweredMs));
    m.put("notificationsPerSecond", Math.round(rate()));
    m.put("acknowledgements", acks);
    m.put("notAcknowledged", notAcknowledged);
    m.put("messagesReceived", messages);
    return m;
  }

  static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
