package org.muster.core.flow;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a regroup ends by itself (Muster extension, beyond the seed): the system cancels it then,
 * by the same procedure as a requester's cancel. Asked for in the create ({@code <expires>}, see
 * docs/wire-profile.md) as a time after forming or an instant, or given by the preconfigured
 * group's provisioning ({@code regroup-expires}).
 */
public sealed interface RegroupExpiry {
  /** The longest lifetime a regroup may be given. */
  Duration MAX = Duration.ofDays(366);

  /** The instant a regroup formed at {@code formedAt} expires. */
  Instant from(Instant formedAt);

  /** This long after the regroup formed; positive, at most {@link #MAX}. */
  record After(Duration duration) implements RegroupExpiry {
    public After {
      Objects.requireNonNull(duration, "duration");
      if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException("expires: the duration must be positive, got " + duration);
      if (duration.compareTo(MAX) > 0) throw new IllegalArgumentException("expires: at most " + MAX.toDays() + " days, got " + duration);
    }

    @Override
    public Instant from(Instant formedAt) {
      return formedAt.plus(duration);
    }
  }

  /** At this instant (a create asking for one not after the moment it is decided is refused). */
  record At(Instant instant) implements RegroupExpiry {
    public At {
      Objects.requireNonNull(instant, "instant");
    }

    @Override
    public Instant from(Instant formedAt) {
      return instant;
    }
  }

  /**
   * Reads {@code text}: an ISO-8601 duration ({@code PT30M}, {@code P1D}) or instant ({@code
   * 2026-12-08T12:00:00Z}); IllegalArgumentException saying what is wrong otherwise.
   */
  static RegroupExpiry parse(String text) {
    String t = text == null ? "" : text.strip();
    try {
      if (t.startsWith("P") || t.startsWith("p")) return new After(Duration.parse(t));
      return new At(Instant.parse(t));
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("expires: expected an ISO-8601 duration such as PT30M or an instant such as "
          + "2026-12-08T12:00:00Z, got '" + t + "'");
    }
  }
}
