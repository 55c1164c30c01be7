package org.muster.gms;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.port.StoreUnavailableException;
import org.muster.protocol.SharedGroupEntry;

/** Where the GMS keeps what must survive a restart and be the same for every instance of the system. */
public interface GmsStore {
  /** The security parameters of one of our preconfigured groups: a key identifier and its material. */
  record GroupKey(String id, byte[] material) {
    public GroupKey {
      material = material.clone();
    }

    @Override
    public byte[] material() {
      return material.clone();
    }
  }

  /** What a partner's GMS shared with ours, and when we took it. */
  record PartnerGroup(String partner, SharedGroupEntry group, Instant received) {}

  /** The keys of our preconfigured groups. */
  Map<McServiceGroupId, GroupKey> keys() throws StoreUnavailableException;

  /** Keeps {@code key} for {@code group} unless one is kept already (another instance was first); returns the one kept. */
  GroupKey keyIfAbsent(McServiceGroupId group, GroupKey key) throws StoreUnavailableException;

  /** Everything partners' GMSs shared with ours. */
  List<PartnerGroup> partnerGroups() throws StoreUnavailableException;

  /**
   * A group document an operator wrote: its XML (empty: the operator deleted a group of the
   * provisioning file) and its entity tag.
   */
  record StoredDocument(McServiceGroupId group, String xml, String etag) {
    public boolean deleted() {
      return xml.isEmpty();
    }
  }

  /** Every document operators wrote, and the counter that moves with every change (read in one transaction). */
  record Documents(List<StoredDocument> documents, long version) {}

  Documents documents() throws StoreUnavailableException;

  /** The counter that moves with every change of the documents. */
  long documentsVersion() throws StoreUnavailableException;

  /** The document an operator wrote for {@code group}, if any. */
  java.util.Optional<StoredDocument> document(McServiceGroupId group) throws StoreUnavailableException;

  /**
   * In one transaction: if what is kept for {@code group} still has entity tag {@code expected}
   * (empty: nothing kept), {@code next} replaces it (empty: nothing kept any more); false when
   * another writer came first.
   */
  boolean replace(McServiceGroupId group, java.util.Optional<String> expected, java.util.Optional<StoredDocument> next, Instant at)
      throws StoreUnavailableException;

  /** The groups marked as regrouped by another mechanism (10.xx.3.1). */
  java.util.Set<McServiceGroupId> regroupedMarks() throws StoreUnavailableException;

  /** Marks {@code group}; true when it was not marked (by any instance). */
  boolean mark(McServiceGroupId group, Instant at) throws StoreUnavailableException;

  /** Removes the mark of {@code group}; true when it was marked. */
  boolean unmark(McServiceGroupId group) throws StoreUnavailableException;

  /** In one transaction: what {@code partner} shared replaces everything it shared before. */
  void replacePartnerGroups(String partner, List<SharedGroupEntry> groups, Instant at) throws StoreUnavailableException;

}
