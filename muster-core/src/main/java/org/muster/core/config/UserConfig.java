package org.muster.core.config;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.muster.core.id.McServiceId;

/**
 * PROVISIONING.md {@code users[]}: an MC service user, its authorizations ({@code may}) and its
 * digest credential (absent only where authentication is off). Muster extension: {@code servedBy},
 * the partner system the user (homed here) has migrated to and obtains service from (TS 23.280
 * 3.1, "migration"): regroups that include it ask that partner too (10.xx.3.3.1 step 5).
 */
public record UserConfig(McServiceId id, Set<Authorization> may, Optional<Credential> credential, Optional<String> servedBy) {
  public UserConfig {
    Objects.requireNonNull(id, "id");
    may = Set.copyOf(may);
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(servedBy, "servedBy");
  }

  /** A user served here. */
  public UserConfig(McServiceId id, Set<Authorization> may, Optional<Credential> credential) {
    this(id, may, credential, Optional.empty());
  }

  /** A user without a credential (authentication off, core tests). */
  public UserConfig(McServiceId id, Set<Authorization> may) {
    this(id, may, Optional.empty());
  }

  public boolean may(Authorization a) {
    return may.contains(a);
  }

  /** The digest username: the user part of the MC service ID ({@code ff1} of {@code sip:ff1@metro.example}). */
  public String digestUsername() {
    return digestUsername(id);
  }

  /** The digest realm: the user's domain. */
  public String realm() {
    return id.domain();
  }

  /** The user part of {@code id}: what the user gives as digest username (WIRE.md, Authentication). */
  public static String digestUsername(McServiceId id) {
    String rest = id.uri().substring(id.uri().indexOf(':') + 1);
    int at = rest.lastIndexOf('@');
    return at < 0 ? "" : rest.substring(0, at);
  }
}
