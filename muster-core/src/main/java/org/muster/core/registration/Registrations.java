package org.muster.core.registration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceId;

/** The registrar's dynamic data: the registered clients of each MC service user. */
public final class Registrations {
  private final Map<McServiceId, Map<String, Registration>> byUser = new HashMap<>();
  private int count;

  public void put(Registration r) {
    Registration old = byUser.computeIfAbsent(r.client().user(), k -> new LinkedHashMap<>()).put(r.client().contact(), r);
    if (old == null) count++;
  }

  public Optional<Registration> remove(McServiceClient client) {
    Map<String, Registration> m = byUser.get(client.user());
    if (m == null) return Optional.empty();
    Registration r = m.remove(client.contact());
    if (r != null) count--;
    if (m.isEmpty()) byUser.remove(client.user());
    return Optional.ofNullable(r);
  }

  public Optional<Registration> get(McServiceClient client) {
    Map<String, Registration> m = byUser.get(client.user());
    return m == null ? Optional.empty() : Optional.ofNullable(m.get(client.contact()));
  }

  /** Every registered client of {@code user}, in registration order. */
  public Collection<Registration> of(McServiceId user) {
    Map<String, Registration> m = byUser.get(user);
    return m == null ? List.of() : List.copyOf(m.values());
  }

  /** The registered clients of {@code user} that registered for {@code service}. */
  public List<McServiceClient> clientsOf(McServiceId user, McService service) {
    List<McServiceClient> out = new ArrayList<>();
    for (Registration r : of(user)) if (r.serves(service)) out.add(r.client());
    return out;
  }

  public boolean isRegistered(McServiceId user) {
    return byUser.containsKey(user);
  }

  /** The registrations whose expiry is at or before {@code now}. */
  public List<Registration> expiredAt(Instant now) {
    List<Registration> out = new ArrayList<>();
    for (Map<String, Registration> m : byUser.values()) {
      for (Registration r : m.values()) if (!r.expiresAt().isAfter(now)) out.add(r);
    }
    return out;
  }

  public List<Registration> all() {
    List<Registration> out = new ArrayList<>(count);
    for (Map<String, Registration> m : byUser.values()) out.addAll(m.values());
    return out;
  }

  public int size() {
    return count;
  }
}
