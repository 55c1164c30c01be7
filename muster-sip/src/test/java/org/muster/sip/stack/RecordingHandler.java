package org.muster.sip.stack;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A handler for tests: records every request, then lets {@code answer} respond (or not). */
final class RecordingHandler implements SipEndpoint.Handler {
  private final BlockingQueue<SipRequest> received = new LinkedBlockingQueue<>();
  private volatile Consumer<SipRequest> answer;

  RecordingHandler(Consumer<SipRequest> answer) {
    this.answer = answer;
  }

  static RecordingHandler answering(int status, String reason, SipRequest.Header... headers) {
    return new RecordingHandler(r -> r.respond(status, reason, List.of(headers)));
  }

  static RecordingHandler silent() {
    return new RecordingHandler(r -> {});
  }

  void answerWith(Consumer<SipRequest> newAnswer) {
    this.answer = newAnswer;
  }

  @Override
  public void onRequest(SipRequest request) {
    received.add(request);
    answer.accept(request);
  }

  /** The next request received, waiting at most {@code timeout}; fails when none came. */
  SipRequest next(Duration timeout) throws InterruptedException {
    SipRequest r = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (r == null) throw new AssertionError("no request within " + timeout);
    return r;
  }

  void clear() {
    received.clear();
  }

  boolean nothingReceived() {
    return received.isEmpty();
  }
}
