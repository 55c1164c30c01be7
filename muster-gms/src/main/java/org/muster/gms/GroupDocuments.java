package org.muster.gms;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.muster.core.config.GroupConfig;
import org.muster.core.config.McSystemConfig;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.protocol.BodyTypes;
import org.muster.protocol.GroupDocument;
import org.muster.protocol.GroupDocumentBody;
import org.muster.protocol.decode.Decoded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group management server's group documents: one XML document per MC service group, read and
 * written by operators over HTTP in the manner of XCAP (RFC 4825): a document has an entity tag,
 * a write may be conditional ({@code If-Match}, {@code If-None-Match: *}) and fails with 412 when
 * the condition does not hold; a document that does not fit the system is a conflict (409); one
 * that is not a group document is refused (400 naming the element).
 *
 * <p>The provisioning file's groups are the base and are not copied into the store (a file of a
 * million users starts as fast as before, and PROVISIONING.md keeps working as written); what
 * operators write is kept in the store and laid over them: a document replaces the file's group
 * of the same URI, a deletion hides it, a new URI adds a group. The system's groups ({@link
 * McSystemConfig#replaceGroups}) follow every change; subscribers hear of it ({@link #subscribe});
 * instances sharing the store pick up each other's changes within a second ({@link #refresh}).
 */
public final class GroupDocuments {
  private static final Logger log = LoggerFactory.getLogger(GroupDocuments.class);
  private final McSystemConfig config;
  private final GmsStore store;
  private final Clock clock;
  /** The provisioning file's groups, as loaded. */
  private final Map<McServiceGroupId, GroupConfig> fileGroups;
  private final List<Consumer<List<GroupConfig>>> subscribers = new CopyOnWriteArrayList<>();
  /** What operators wrote, by group, as last read. */
  private volatile Map<McServiceGroupId, GmsStore.StoredDocument> written = Map.of();
  private volatile long version = -1;

  private GroupDocuments(McSystemConfig config, GmsStore store, Clock clock) {
    this.config = config;
    this.store = store;
    this.clock = clock;
    this.fileGroups = Map.copyOf(config.groups());
  }

  /**
   * Loads what operators wrote; the system's groups ({@code config}) are then the GMS's. Throws
   * {@link org.muster.core.port.StoreUnavailableException}.
   */
  public static GroupDocuments open(McSystemConfig config, GmsStore store, Clock clock) {
    GroupDocuments d = new GroupDocuments(config, store, clock);
    d.load(store.documents());
    return d;
  }

  /** A group's document as an operator reads it, with its entity tag. */
  public record Shown(String xml, String etag) {}

  /** What an operator's request came to: the HTTP status, the entity tag (when there is a document), a reason. */
  public record Result(int status, Optional<String> etag, String message) {}

  /** Called with the system's groups after every change (the server's subscription). */
  public void subscribe(Consumer<List<GroupConfig>> subscriber) {
    subscribers.add(subscriber);
  }

  /** The groups' ids: the file's (less those deleted), then those operators added. */
  public List<McServiceGroupId> list() {
    return List.copyOf(config.groups().keySet());
  }

  /**
   * The document of {@code group}, or empty when there is no such group. A file group with more
   * than {@link GroupDocument#MAX_MEMBERS} members has no document form: {@link TooLarge}.
   */
  public Optional<Shown> get(McServiceGroupId group) {
    GmsStore.StoredDocument w = written.get(group);
    if (w != null) return w.deleted() ? Optional.empty() : Optional.of(new Shown(w.xml(), w.etag()));
    GroupConfig g = fileGroups.get(group);
    if (g == null) return Optional.empty();
    if (g.members().size() > GroupDocument.MAX_MEMBERS) throw new TooLarge(group, g.members().size());
    byte[] xml = GroupDocumentBody.encode(new GroupDocument(g.id(), Optional.empty(), g.services(), g.preconfiguredRegroupOnly(),
        g.broadcast(), g.members())).body();
    return Optional.of(new Shown(new String(xml, StandardCharsets.UTF_8), etag(xml)));
  }

  /** A group of the provisioning file too large for a document ({@link GroupDocument#MAX_MEMBERS}). */
  public static final class TooLarge extends RuntimeException {
    TooLarge(McServiceGroupId group, int members) {
      super(group.uri() + " has " + members + " members; a group document holds at most " + GroupDocument.MAX_MEMBERS
          + " (change it in the provisioning file)");
    }
  }

  /**
   * An operator creates or replaces the document of {@code group}: 201 created, 200 replaced, 400
   * not a group document, 409 does not fit the system (naming why), 412 a condition failed (or
   * another writer came first), 415 another body type.
   */
  public Result put(McServiceGroupId group, String contentType, byte[] body, Optional<String> ifMatch, boolean ifNoneMatch) {
    if (!BodyTypes.isGroupDocument(contentType)) return new Result(415, Optional.empty(), "a group document is " + BodyTypes.GROUP_DOCUMENT);
    Decoded<GroupDocument> d = GroupDocumentBody.decode(contentType, body);
    if (d instanceof Decoded.Bad<GroupDocument> bad) return new Result(400, Optional.empty(), "malformed group document: " + bad.message());
    GroupDocument doc = ((Decoded.Ok<GroupDocument>) d).value();
    Optional<String> conflict = conflict(group, doc);
    if (conflict.isPresent()) return new Result(409, Optional.empty(), conflict.get());
    Optional<Shown> current = currentOrTooLarge(group);
    Optional<Result> refused = preconditions(current, ifMatch, ifNoneMatch);
    if (refused.isPresent()) return refused.get();
    byte[] xml = GroupDocumentBody.encode(doc).body();
    String tag = etag(xml);
    GmsStore.StoredDocument next = new GmsStore.StoredDocument(group, new String(xml, StandardCharsets.UTF_8), tag);
    if (!store.replace(group, store.document(group).map(GmsStore.StoredDocument::etag), Optional.of(next), clock.instant())) {
      return new Result(412, Optional.empty(), "another operator changed " + group.uri() + " at the same time; read it again");
    }
    changed();
    return current.isPresent() ? new Result(200, Optional.of(tag), "replaced") : new Result(201, Optional.of(tag), "created");
  }

  /** An operator deletes the group: 200, 404, or 412 when {@code ifMatch} is not the current tag. */
  public Result delete(McServiceGroupId group, Optional<String> ifMatch) {
    Optional<Shown> current = currentOrTooLarge(group);
    if (current.isEmpty()) return new Result(404, Optional.empty(), "no group " + group.uri());
    Optional<Result> refused = preconditions(current, ifMatch, false);
    if (refused.isPresent()) return refused.get();
    // a group of the file is hidden by an empty document; one an operator added is forgotten
    Optional<GmsStore.StoredDocument> next = fileGroups.containsKey(group)
        ? Optional.of(new GmsStore.StoredDocument(group, "", "deleted")) : Optional.empty();
    if (!store.replace(group, store.document(group).map(GmsStore.StoredDocument::etag), next, clock.instant())) {
      return new Result(412, Optional.empty(), "another operator changed " + group.uri() + " at the same time; read it again");
    }
    changed();
    return new Result(200, Optional.empty(), "deleted");
  }

  /** Reads the documents again when another instance changed them (the store's counter moved). */
  public void refresh() {
    if (store.documentsVersion() != version) {
      load(store.documents());
      publish();
    }
  }

  private Optional<Shown> currentOrTooLarge(McServiceGroupId group) {
    try {
      return get(group);
    } catch (TooLarge e) {
      return Optional.of(new Shown("", "too-large"));
    }
  }

  private static Optional<Result> preconditions(Optional<Shown> current, Optional<String> ifMatch, boolean ifNoneMatch) {
    if (ifNoneMatch && current.isPresent()) return Optional.of(new Result(412, current.map(Shown::etag), "the group exists (If-None-Match: *)"));
    if (ifMatch.isPresent() && !ifMatch.equals(current.map(Shown::etag))) {
      return Optional.of(new Result(412, current.map(Shown::etag), "the document changed: its entity tag is not " + ifMatch.get()));
    }
    return Optional.empty();
  }

  private void changed() {
    load(store.documents());
    publish();
  }

  /** A document that does not fit this system: the same rules as the provisioning file's groups. */
  private Optional<String> conflict(McServiceGroupId group, GroupDocument doc) {
    if (!doc.uri().equals(group)) return Optional.of("the document is for " + doc.uri().uri() + ", not " + group.uri());
    if (!group.domain().equals(config.domain())) return Optional.of(group.uri() + " is not in this system's domain " + config.domain());
    if (config.user(McServiceId.of(group.uri())).isPresent()) return Optional.of(group.uri() + " is a user of this system");
    for (McServiceId m : doc.members()) {
      if (config.user(m).isEmpty() && config.partnerForDomain(m.domain()).isEmpty()) {
        return Optional.of(m.uri() + " is not a user of this system nor in a partner's domain");
      }
    }
    return Optional.empty();
  }

  private synchronized void load(GmsStore.Documents loaded) {
    Map<McServiceGroupId, GmsStore.StoredDocument> next = new LinkedHashMap<>();
    for (GmsStore.StoredDocument d : loaded.documents()) next.put(d.group(), d);
    boolean unchanged = next.isEmpty() && written.isEmpty();
    written = next;
    version = loaded.version();
    if (!unchanged) config.replaceGroups(groups()); // nothing written by operators: the file's groups stand as loaded
  }

  private void publish() {
    List<GroupConfig> groups = List.copyOf(config.groups().values());
    for (Consumer<List<GroupConfig>> s : subscribers) s.accept(groups);
  }

  /** The file's groups with what operators wrote laid over them; a stored document that no longer reads is left out, logged. */
  private List<GroupConfig> groups() {
    Map<McServiceGroupId, GroupConfig> out = new LinkedHashMap<>(fileGroups);
    for (GmsStore.StoredDocument d : written.values()) {
      if (d.deleted()) {
        out.remove(d.group());
        continue;
      }
      Decoded<GroupDocument> doc = GroupDocumentBody.decode(BodyTypes.GROUP_DOCUMENT, d.xml().getBytes(StandardCharsets.UTF_8));
      if (doc instanceof Decoded.Ok<GroupDocument> ok) {
        GroupDocument g = ok.value();
        out.put(g.uri(), new GroupConfig(g.uri(), g.services(), g.members(), g.preconfiguredRegroupOnly(), g.broadcast()));
      } else {
        log.warn("GMS of {}: the stored document of {} does not read ({}); left out", config.system().id(), d.group().uri(),
            ((Decoded.Bad<GroupDocument>) doc).message());
      }
    }
    return new ArrayList<>(out.values());
  }

  static String etag(byte[] xml) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(xml), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
