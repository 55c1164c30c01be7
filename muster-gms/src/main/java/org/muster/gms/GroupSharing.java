package org.muster.gms;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.PartnerConfig;
import org.muster.core.config.GmsSubscription;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.time.Backoff;
import org.muster.protocol.BodyTypes;
import org.muster.protocol.EncodedBody;
import org.muster.protocol.GroupConfigurationBody;
import org.muster.protocol.GroupConfigurationDocument;
import org.muster.protocol.decode.Decoded;
import org.muster.sip.server.GmsConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GMS on the server's SIP side ({@link GmsConnection}): sharing with partner systems' GMSs
 * (10.xx.3.3.1, 10.2.7) in both directions.
 *
 * <ul>
 *   <li>Out: once the server listens, our preconfigured groups go to every partner's GMS, and again
 *       per {@link Backoff#GROUP_SHARING} until it takes them (200). Before a create goes to a
 *       partner (10.xx.3.3.1 step 4), the partner is made to hold the current configuration first
 *       if it has not confirmed it: a partner that was down at our start, or that joined late,
 *       gets it then.
 *   <li>In: a partner GMS's document is decoded like every body (a bad one is 400 naming the
 *       field) and taken by the {@link GroupManagementServer}.
 * </ul>
 */
public final class GroupSharing implements GmsConnection {
  private static final Logger log = LoggerFactory.getLogger(GroupSharing.class);
  private final McSystemConfig config;
  private final GroupManagementServer gms;
  private final ScheduledExecutorService timer;
  /** The partners that took our current document. */
  private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
  private final Map<String, CompletableFuture<Boolean>> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  /** Our document for each partner, encoded once per version of our groups ({@link #groupsChanged}). */
  private final Map<String, Optional<EncodedBody>> documents = new ConcurrentHashMap<>();
  private volatile PartnerSender sender;

  private final GroupDocuments documentsOfGroups;
  /** Several instances on one store: how to hear of the documents and marks the others write (none: one instance). */
  private volatile java.util.function.Function<Runnable, AutoCloseable> storeFeed;
  private volatile AutoCloseable feed = () -> {};

  public GroupSharing(McSystemConfig config, GroupManagementServer gms, GroupDocuments groups) {
    this.config = config;
    this.gms = gms;
    this.documentsOfGroups = groups;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "muster-gms-" + config.system().id());
      t.setDaemon(true);
      return t;
    });
    // a change of our groups: new keys, and our preconfigured groups go to every partner again
    groups.subscribe(changed -> {
      try {
        timer.execute(this::groupsChanged);
      } catch (java.util.concurrent.RejectedExecutionException stopped) {
        // the server is stopping
      }
    });
  }

  @Override
  public GmsSubscription subscription() {
    return gms;
  }

  @Override
  public void onGroupsChanged(Runnable changed) {
    documentsOfGroups.subscribe(groups -> changed.run());
  }

  @Override
  public boolean handles(String contentType) {
    return BodyTypes.isGroupConfiguration(contentType);
  }

  /**
   * A partner's GMS sent a document: its share (taken by the {@link GroupManagementServer}), or, when
   * the document names our own domain and no group, its request for ours (10.xx.3.3.1 step 3 at
   * the partner): ours shares them with it now and answers once it has taken them.
   */
  @Override
  public CompletableFuture<Reply> received(PartnerConfig from, String contentType, byte[] body) {
    Decoded<GroupConfigurationDocument> d = GroupConfigurationBody.decode(contentType, body);
    if (d instanceof Decoded.Bad<GroupConfigurationDocument> bad) {
      return CompletableFuture.completedFuture(new Reply(400, "Bad Request", Optional.of("malformed group configuration: " + bad.message())));
    }
    GroupConfigurationDocument doc = ((Decoded.Ok<GroupConfigurationDocument>) d).value();
    if (doc.homeSystem().equals(config.domain()) && doc.groups().isEmpty()) {
      log.info("GMS of {}: partner {} asks for our preconfigured groups", config.system().id(), from.id());
      if (sender == null) return CompletableFuture.completedFuture(new Reply(503, "Service Unavailable", Optional.of("starting")));
      return share(from, false).thenApply(ok -> ok ? new Reply(200, "OK", Optional.empty())
          : new Reply(504, "Server Time-out", Optional.of("partner " + from.id() + " did not take our preconfigured groups")));
    }
    GroupManagementServer.Receipt r = gms.received(from, doc);
    return CompletableFuture.completedFuture(new Reply(r.status(), r.reason(), r.warning()));
  }

  /** The GMS behind this connection (its operator interface). */
  public GroupManagementServer server() {
    return gms;
  }

  /** The GMS's group documents (its operator interface). */
  public GroupDocuments groups() {
    return documentsOfGroups;
  }

  private void groupsChanged() {
    try {
      gms.ensureKeys();
    } catch (RuntimeException e) {
      log.warn("GMS of {}: keys of new preconfigured groups not made yet ({})", config.system().id(), e.getMessage());
    }
    documents.clear();
    confirmed.clear();
    if (sender == null) return;
    for (PartnerConfig p : config.partners()) {
      if (documentFor(p).isPresent()) share(p);
    }
  }

  /** 10.xx.3.3.1 step 3 at a partner: asks {@code primary}'s GMS for its groups; true once ours holds {@code group}. */
  @Override
  public CompletableFuture<Boolean> fetch(PartnerConfig primary, McServiceGroupId group) {
    if (sender == null) return CompletableFuture.completedFuture(false);
    EncodedBody ask = GroupConfigurationBody.encode(new GroupConfigurationDocument(primary.domain(), List.of()));
    return sender.send(primary, ask).thenApply(reply -> gms.sharedBy(primary.id(), group).isPresent())
        .exceptionally(e -> false);
  }

  /**
   * Several instances on one store: {@code listen} calls its argument whenever another instance's
   * GMS wrote a group document or a mark (the store's change feed, README "Scaling out"), and once
   * each time it connected again; they are read again then. Set before {@link #started}.
   */
  public void followStore(java.util.function.Function<Runnable, AutoCloseable> listen) {
    this.storeFeed = listen;
  }

  @Override
  public void started(PartnerSender s) {
    this.sender = s;
    // marks and group changes made by other instances sharing the store reach this one as they are written
    java.util.function.Function<Runnable, AutoCloseable> listen = storeFeed;
    if (listen != null) feed = listen.apply(() -> later(0));
    for (PartnerConfig p : config.partners()) {
      if (documentFor(p).isPresent()) share(p);
    }
  }

  @Override
  public CompletableFuture<Void> beforeCreate(PartnerConfig partner, McServiceGroupId configurationGroup) {
    if (!configurationGroup.domain().equals(config.domain()) || sender == null) return CompletableFuture.completedFuture(null);
    Optional<EncodedBody> doc = documentFor(partner);
    if (doc.isEmpty() || confirmed.contains(partner.id())) return CompletableFuture.completedFuture(null);
    // a fresh attempt, not one in flight: that one may have gone to a partner not yet listening
    return share(partner, false).thenApply(ok -> null);
  }

  @Override
  public void partnerLacks(PartnerConfig partner, McServiceGroupId configurationGroup) {
    if (!configurationGroup.domain().equals(config.domain()) || sender == null) return;
    if (confirmed.remove(partner.id())) {
      log.warn("GMS of {}: partner {} does not know {} although it took our preconfigured groups; sharing them again",
          config.system().id(), partner.id(), configurationGroup.uri());
    }
    share(partner, false);
  }

  /** Sends our document to {@code p}'s GMS now, joining a share in flight; on failure tried again per the backoff. */
  CompletableFuture<Boolean> share(PartnerConfig p) {
    return share(p, true);
  }

  private CompletableFuture<Boolean> share(PartnerConfig p, boolean joinInFlight) {
    Optional<EncodedBody> doc = documentFor(p);
    if (doc.isEmpty()) return CompletableFuture.completedFuture(false);
    CompletableFuture<Boolean> mine = new CompletableFuture<>();
    CompletableFuture<Boolean> running = inFlight.putIfAbsent(p.id(), mine);
    if (running != null && joinInFlight) return running;
    if (running != null) inFlight.put(p.id(), mine);
    EncodedBody body = doc.get();
    sender.send(p, body).whenComplete((reply, e) -> {
      inFlight.remove(p.id(), mine);
      if (e == null && reply.ok()) {
        confirmed.add(p.id());
        failures.remove(p.id());
        log.info("GMS of {}: partner {} holds our preconfigured groups", config.system().id(), p.id());
        mine.complete(true);
        return;
      }
      if (running != null && !joinInFlight) {
        mine.complete(false); // an extra attempt for a create: the backoff of the one it overtook goes on
        return;
      }
      int n = failures.merge(p.id(), 1, Integer::sum);
      String why = e != null ? String.valueOf(e.getMessage())
          : reply.status() + " " + reply.reason() + reply.warning().map(w -> ": " + w).orElse("");
      (n == 1 ? log.atWarn() : log.atDebug()).log("GMS of {}: partner {} did not take our preconfigured groups ({}); next attempt in {} s",
          config.system().id(), p.id(), why, Backoff.GROUP_SHARING.after(n).toSeconds());
      try {
        timer.schedule(() -> {
          if (!confirmed.contains(p.id())) share(p);
        }, Backoff.GROUP_SHARING.after(n).toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException stopped) {
        // the server is stopping
      }
      mine.complete(false);
    });
    return mine;
  }

  /**
   * Our document for {@code p}, if there is something to share and it fits one body (at most
   * {@link GroupConfigurationDocument#MAX_GROUPS} groups within {@link GroupConfigurationBody#MAX_BYTES}):
   * a system with more preconfigured groups than that is told so in the log, once per partner
   * (the document is encoded once).
   */
  private Optional<EncodedBody> documentFor(PartnerConfig p) {
    return documents.computeIfAbsent(p.id(), id -> encode(p));
  }

  private Optional<EncodedBody> encode(PartnerConfig p) {
    try {
      GroupConfigurationDocument doc = gms.shareWith(p);
      if (doc.groups().isEmpty()) return Optional.empty();
      EncodedBody body = GroupConfigurationBody.encode(doc);
      if (body.body().length <= GroupConfigurationBody.MAX_BYTES) return Optional.of(body);
      tooBig(p, body.body().length + " bytes");
    } catch (IllegalArgumentException e) {
      tooBig(p, e.getMessage());
    }
    return Optional.empty();
  }

  private void tooBig(PartnerConfig p, String why) {
    log.error("GMS of {}: our preconfigured groups do not fit one document for partner {} ({}); not shared", config.system().id(), p.id(), why);
  }

  private void refreshFromStore() {
    try {
      gms.refreshMarks();
      documentsOfGroups.refresh();
    } catch (RuntimeException e) {
      log.debug("GMS of {}: marks not read ({}); again in a second", config.system().id(), e.getMessage());
      later(1);
    }
  }

  private void later(long seconds) {
    try {
      timer.schedule(this::refreshFromStore, seconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.RejectedExecutionException stopped) {
      // the server is stopping
    }
  }

  @Override
  public void stopped() {
    try {
      feed.close();
    } catch (Exception e) {
      log.debug("GMS of {}: {}", config.system().id(), e.getMessage());
    }
    timer.shutdownNow();
  }
}
