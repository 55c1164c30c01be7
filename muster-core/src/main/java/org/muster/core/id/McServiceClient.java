package org.muster.core.id;

import java.util.Objects;

/**
 * An MC service client: one registered Contact of an MC service user (WIRE.md: "A client is
 * one registered Contact of a user"). {@code contact} is the Contact URI as registered.
 */
public record McServiceClient(McServiceId user, String contact) implements Comparable<McServiceClient> {
  public McServiceClient {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(contact, "contact");
  }

  @Override
  public int compareTo(McServiceClient o) {
    int c = user.compareTo(o.user);
    return c != 0 ? c : contact.compareTo(o.contact);
  }

  @Override
  public String toString() {
    return user + " at " + contact;
  }
}
