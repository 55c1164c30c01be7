package org.muster.core.config;

import java.util.Objects;
import java.util.Set;
import org.muster.core.id.McServiceId;

/** PROVISIONING.md {@code users[]}: an MC service user and its authorizations ({@code may}). */
public record UserConfig(McServiceId id, Set<Authorization> may) {
  public UserConfig {
    Objects.requireNonNull(id, "id");
    may = Set.copyOf(may);
  }

  public boolean may(Authorization a) {
    return may.contains(a);
  }
}
