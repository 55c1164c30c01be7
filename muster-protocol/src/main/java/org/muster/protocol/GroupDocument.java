package org.muster.protocol;

import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;

/**
 * Muster's group document ({@link GroupDocumentBody}): the group management server's (GMS)
 * document for one MC service group, as an operator reads and writes it over the GMS's
 * XCAP-style HTTP API (in the spirit of the group documents of TS 24.481).
 *
 * @param uri the MC service group ID
 * @param displayName the group's name for people: 1 to {@link #MAX_DISPLAY_NAME} characters
 *     (code points), no control characters, white space around it stripped
 * @param services the group's effective MC services, 1 to 3 (kept in {@link McService} order); a
 *     document that lists none means all three
 * @param preconfiguredRegroupOnly the group is only used by preconfigured regrouping (a template)
 * @param broadcast the group is a broadcast group
 * @param members the members' MC service IDs in document order, at most {@link #MAX_MEMBERS},
 *     none twice
 */
public record GroupDocument(
    McServiceGroupId uri,
    Optional<String> displayName,
    Set<McService> services,
    boolean preconfiguredRegroupOnly,
    boolean broadcast,
    List<McServiceId> members) {
  /** At most this many members in one group. */
  public static final int MAX_MEMBERS = 10_000;
  /** Longest display name, in characters (code points). */
  public static final int MAX_DISPLAY_NAME = 256;

  public GroupDocument {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(services, "services");
    displayName = displayName.map(String::strip);
    if (displayName.isPresent()) {
      Optional<String> why = displayNameProblem(displayName.get());
      if (why.isPresent()) throw new IllegalArgumentException("display name of " + uri + ": " + why.get());
    }
    if (services.isEmpty()) throw new IllegalArgumentException("a group has at least one MC service: " + uri);
    services = Collections.unmodifiableSet(EnumSet.copyOf(services));
    members = List.copyOf(members);
    if (members.size() > MAX_MEMBERS) {
      throw new IllegalArgumentException("a group has at most " + MAX_MEMBERS + " members, not " + members.size() + ": " + uri);
    }
    Set<McServiceId> seen = new HashSet<>();
    for (McServiceId m : members) {
      if (!seen.add(m)) throw new IllegalArgumentException("member " + m + " is listed twice in " + uri);
    }
  }

  /** A group of all three MC services, no display name, both flags false. */
  public static GroupDocument of(McServiceGroupId uri, List<McServiceId> members) {
    return new GroupDocument(uri, Optional.empty(), EnumSet.allOf(McService.class), false, false, members);
  }

  /**
   * Why {@code name} (already stripped) is not a display name, or empty if it is one: blank,
   * longer than {@link #MAX_DISPLAY_NAME} code points, or with a control character.
   */
  static Optional<String> displayNameProblem(String name) {
    if (name.isEmpty()) return Optional.of("empty");
    int length = name.codePointCount(0, name.length());
    if (length > MAX_DISPLAY_NAME) return Optional.of(length + " characters, at most " + MAX_DISPLAY_NAME);
    if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) return Optional.of("has a control character");
    return Optional.empty();
  }
}
