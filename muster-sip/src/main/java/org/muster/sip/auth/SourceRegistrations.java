package org.muster.sip.auth;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.muster.core.id.McServiceClient;

/**
 * {@code system.clients-per-source}: which clients are registered from which source address
 * (the IP address their REGISTER came from), so that one address cannot fill the registrar
 * with bindings of many users. A client counts for the address of its last REGISTER until its
 * registration ends or expires. Not thread-safe: the registrar uses it from the core's thread
 * only, where the decision to grant a registration is taken.
 *
 * <p>Bounded by the registrations themselves: a client is in at most one source's set, and the
 * expired ones are swept every {@value #SWEEP_EVERY} grants. After a restart the count starts
 * empty and fills as the clients refresh.
 */
public final class SourceRegistrations {
  static final int SWEEP_EVERY = 1024;
  private final Clock clock;
  private final Map<String, Map<McServiceClient, Long>> bySource = new HashMap<>();
  private final Map<McServiceClient, String> sourceOf = new HashMap<>();
  private int grantsSinceSweep;

  public SourceRegistrations(Clock clock) {
    this.clock = clock;
  }

  /**
   * How many clients {@code source} would have registered if {@code adding} were registered from
   * it and {@code removing} ended, and how many it has now.
   */
  public Count countAfter(String source, Collection<McServiceClient> adding, Collection<McServiceClient> removing) {
    Map<McServiceClient, Long> clients = live(source);
    int before = clients.size();
    int after = before;
    for (McServiceClient c : adding) if (!clients.containsKey(c)) after++;
    for (McServiceClient c : removing) if (clients.containsKey(c)) after--;
    return new Count(before, after);
  }

  /** Before and after a REGISTER. */
  public record Count(int before, int after) {
    /** A REGISTER is refused only when it adds clients to a source already at or above {@code max}. */
    public boolean exceeds(int max) {
      return after > max && after > before;
    }
  }

  /** {@code client} is registered from {@code source} for {@code expiresSeconds}. */
  public void registered(String source, McServiceClient client, int expiresSeconds) {
    String old = sourceOf.put(client, source);
    if (old != null && !old.equals(source)) remove(old, client);
    bySource.computeIfAbsent(source, s -> new HashMap<>()).put(client, clock.millis() + expiresSeconds * 1000L);
    if (++grantsSinceSweep >= SWEEP_EVERY) sweep();
  }

  /** {@code client}'s registration ended. */
  public void ended(McServiceClient client) {
    String source = sourceOf.remove(client);
    if (source != null) remove(source, client);
  }

  /** Clients counted now, over all sources (expired ones not yet swept included). */
  public int size() {
    return sourceOf.size();
  }

  private Map<McServiceClient, Long> live(String source) {
    Map<McServiceClient, Long> clients = bySource.get(source);
    if (clients == null) return Map.of();
    long now = clock.millis();
    for (Iterator<Map.Entry<McServiceClient, Long>> it = clients.entrySet().iterator(); it.hasNext();) {
      Map.Entry<McServiceClient, Long> e = it.next();
      if (e.getValue() < now) {
        it.remove();
        sourceOf.remove(e.getKey());
      }
    }
    if (clients.isEmpty()) bySource.remove(source);
    return clients;
  }

  private void remove(String source, McServiceClient client) {
    Map<McServiceClient, Long> clients = bySource.get(source);
    if (clients == null) return;
    clients.remove(client);
    if (clients.isEmpty()) bySource.remove(source);
  }

  private void sweep() {
    grantsSinceSweep = 0;
    for (String source : java.util.List.copyOf(bySource.keySet())) live(source);
  }
}
