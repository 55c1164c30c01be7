package org.muster.sip.stack;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What an endpoint received and answered, for counting (metrics). Called on the stack's threads:
 * an implementation must be quick and must not block. Methods are reported as {@link #method}
 * names them, so a peer sending made-up methods cannot grow the set of names without bound.
 */
public interface SipTraffic {
  /** Counts nothing. */
  SipTraffic NONE = new SipTraffic() {
    @Override
    public void requestReceived(String method) {}

    @Override
    public void answerSent(String method, int status) {}
  };

  /** A request reached the endpoint's listener (retransmissions the stack absorbs do not). */
  void requestReceived(String method);

  /** An answer went out (or was handed to the transport) for a request of {@code method}. */
  void answerSent(String method, int status);

  /** The methods of RFC 3261 and its common extensions are reported by name, any other as "other". */
  static String method(String method) {
    String upper = method == null ? "" : method.toUpperCase(Locale.ROOT);
    return Known.METHODS.contains(upper) ? upper : "other";
  }

  /** Where an endpoint keeps its current {@link SipTraffic}, replaced by {@link JainSipEndpoint#observe}. */
  final class Tap {
    private final AtomicReference<SipTraffic> current = new AtomicReference<>(NONE);

    SipTraffic get() {
      return current.get();
    }

    void set(SipTraffic traffic) {
      current.set(traffic == null ? NONE : traffic);
    }
  }

  /** Holder of the method names, so the interface's constants stay few. */
  final class Known {
    static final Set<String> METHODS = Set.of("REGISTER", "MESSAGE", "PUBLISH", "SUBSCRIBE", "NOTIFY", "OPTIONS",
        "INVITE", "ACK", "CANCEL", "BYE", "INFO", "UPDATE", "PRACK", "REFER");

    private Known() {}
  }
}
