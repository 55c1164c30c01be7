package org.muster.app.provisioning;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.muster.core.config.Authorization;

/** The authorization words of {@code may} (users) and {@code trust} (partners). */
final class Authorizations {
  private static final List<String> WORDS = Arrays.stream(Authorization.values()).map(Authorization::word).toList();

  private Authorizations() {}

  /** List {@code key} of {@code f} as authorizations; absent: none. */
  static Set<Authorization> read(YamlFields f, String key) {
    return f.words(key, Authorization::fromWord, "authorization", WORDS).orElse(Set.of());
  }
}
