package org.muster.app.provisioning;

import java.util.List;
import java.util.Optional;
import org.muster.app.provisioning.YamlNode.Mapping;
import org.muster.app.provisioning.YamlNode.Scalar;
import org.muster.core.config.Retention;

/**
 * {@code system.retention} (beyond PROVISIONING.md): {@code {days: 30, regroups: 10000}}, how long
 * cancelled regroups stay in the store: until older than {@code days}, or until {@code regroups}
 * newer cancelled regroups are kept, whichever comes first; and {@code historyDays: 365}, how long
 * the regroup history's lines are kept (apart from the regroups). Each key is optional (its
 * default then); absent: the defaults.
 */
final class RetentionSection {
  static final List<String> KEYS = List.of("days", "regroups", "historyDays");

  private RetentionSection() {}

  /** The retention of {@code system}'s fields; empty when it is wrong (reported). */
  static Optional<Retention> read(YamlFields system) {
    Optional<YamlNode> node = system.value("retention");
    if (node.isEmpty()) return Optional.of(Retention.defaults());
    if (!(node.get() instanceof Mapping map)) {
      system.problem(node.get(), "retention", "expected a map such as {days: 30, regroups: 10000}, got " + node.get().describe());
      return Optional.empty();
    }
    YamlFields f = new YamlFields(map, system.path("retention"), system.problems());
    f.allowOnly(KEYS);
    Optional<Integer> days = number(f, "days", Retention.DEFAULT_DAYS, Retention.MAX_DAYS, "days after the cancel");
    Optional<Integer> regroups = number(f, "regroups", Retention.DEFAULT_REGROUPS, Retention.MAX_REGROUPS, "cancelled regroups kept");
    Optional<Integer> historyDays = number(f, "historyDays", Retention.DEFAULT_HISTORY_DAYS, Retention.MAX_DAYS, "days a history line is kept");
    if (days.isEmpty() || regroups.isEmpty() || historyDays.isEmpty()) return Optional.empty();
    return Optional.of(new Retention(days.get(), regroups.get(), historyDays.get()));
  }

  private static Optional<Integer> number(YamlFields f, String key, int absent, int max, String what) {
    Optional<Scalar> s = f.scalar(key, false);
    if (s.isEmpty()) return f.value(key).isPresent() ? Optional.empty() : Optional.of(absent);
    String text = s.get().text().trim().replace("_", "");
    int n;
    try {
      n = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1 || n > max) {
      f.problem(s.get(), key, "expected " + what + ", a whole number from 1 to " + max + ", got '" + s.get().text() + "'");
      return Optional.empty();
    }
    return Optional.of(n);
  }
}
