package org.muster.sip.auth;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceId;

/**
 * The flows that authenticated registrations came over (RFC 5626 spirit, WIRE.md): a client's
 * PUBLISH and MESSAGE over the flow of its authenticated REGISTER need no new challenge, and act
 * for that client only. A flow is bound until its registration ends or expires, or until another
 * authenticated REGISTER over it binds another client.
 */
public final class Flows {
  private static final int SWEEP_EVERY = 1024;
  private final Clock clock;
  private final Map<String, Bound> byFlow = new HashMap<>();
  private final Map<McServiceClient, String> flowOf = new HashMap<>();
  private int bindsSinceSweep;

  private record Bound(McServiceClient client, long untilMillis) {}

  public Flows(Clock clock) {
    this.clock = clock;
  }

  /** {@code client} registered over {@code flow} for {@code expiresSeconds}. */
  public synchronized void bind(String flow, McServiceClient client, int expiresSeconds) {
    String before = flowOf.remove(client);
    if (before != null) byFlow.remove(before);
    Bound old = byFlow.put(flow, new Bound(client, clock.millis() + expiresSeconds * 1000L));
    if (old != null && !old.client.equals(client)) flowOf.remove(old.client);
    flowOf.put(client, flow);
    if (++bindsSinceSweep >= SWEEP_EVERY) sweep();
  }

  /** {@code client}'s registration ended. */
  public synchronized void unbind(McServiceClient client) {
    String flow = flowOf.remove(client);
    if (flow != null) byFlow.remove(flow);
  }

  /** The client of {@code user} whose registration came over {@code flow}, while it lasts. */
  public synchronized Optional<McServiceClient> clientOn(String flow, McServiceId user) {
    Bound b = byFlow.get(flow);
    if (b == null || !b.client.user().equals(user) || b.untilMillis < clock.millis()) return Optional.empty();
    return Optional.of(b.client);
  }

  /** Flows bound now. */
  public synchronized int size() {
    return byFlow.size();
  }

  private void sweep() {
    bindsSinceSweep = 0;
    long now = clock.millis();
    byFlow.values().removeIf(b -> {
      if (b.untilMillis >= now) return false;
      flowOf.remove(b.client);
      return true;
    });
  }
}
