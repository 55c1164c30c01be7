package org.muster.core.regroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.muster.core.flow.Rejection;

/**
 * What a procedure decided, with no I/O done: the answer to the requester (a rejection or
 * success), the flows to send to clients, and the events that happened. What it changed comes
 * with it as records ({@link StateChange}, {@code McServiceServer.decide}): the adapter has the
 * store write those, then sends, then answers (STYLE.md 3.3).
 */
public record Outcome(Optional<Rejection> rejection, List<Delivery> deliveries, List<RegroupEvent> events) {
  public Outcome {
    deliveries = List.copyOf(deliveries);
    events = List.copyOf(events);
  }

  public static Outcome reject(Rejection r) {
    return new Outcome(Optional.of(r), List.of(), List.of());
  }

  public static Outcome none() {
    return new Outcome(Optional.empty(), List.of(), List.of());
  }

  public boolean accepted() {
    return rejection.isEmpty();
  }

  /** Collects deliveries and events of an accepted outcome. */
  public static final class Builder {
    private final List<Delivery> deliveries = new ArrayList<>();
    private final List<RegroupEvent> events = new ArrayList<>();

    public Builder send(Delivery d) {
      deliveries.add(d);
      return this;
    }

    public Builder event(RegroupEvent e) {
      events.add(e);
      return this;
    }

    public Builder merge(Outcome o) {
      deliveries.addAll(o.deliveries());
      events.addAll(o.events());
      return this;
    }

    public Outcome build() {
      return new Outcome(Optional.empty(), deliveries, events);
    }
  }
}
