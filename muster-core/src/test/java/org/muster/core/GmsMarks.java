package org.muster.core;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.muster.core.config.GmsSubscription;
import org.muster.core.config.GroupConfig;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.server.McServiceServer;

/**
 * The groups a test's GMS has marked as regrouped by another mechanism (10.xx.3.1), as the server
 * learns them through its subscription; nothing shared by partners. The production GMS keeps the
 * marks in the store (muster-gms).
 */
public final class GmsMarks implements GmsSubscription {
  private final Set<McServiceGroupId> marked = ConcurrentHashMap.newKeySet();

  /** A GMS subscription for {@code server}, with no marks yet. */
  public static GmsMarks of(McServiceServer server) {
    GmsMarks m = new GmsMarks();
    server.subscribeToGms(m);
    return m;
  }

  /** Marks {@code group}; true when it was not marked. */
  public boolean mark(McServiceGroupId group) {
    return marked.add(group);
  }

  /** Removes the mark; true when it was marked. */
  public boolean unmark(McServiceGroupId group) {
    return marked.remove(group);
  }

  @Override
  public Optional<GroupConfig> sharedBy(String partnerId, McServiceGroupId group) {
    return Optional.empty();
  }

  @Override
  public boolean regroupedElsewhere(McServiceGroupId group) {
    return marked.contains(group);
  }
}
