package org.muster.sip.server;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.muster.core.config.PartnerConfig;
import org.muster.core.config.GmsSubscription;
import org.muster.core.id.McServiceGroupId;
import org.muster.protocol.EncodedBody;

/**
 * What the MC service server needs of its group management server (TS 23.280 10.xx.3 pre-conditions:
 * the server is subscribed to group configuration in the GMS), and what the GMS needs of the
 * server's SIP side to reach partner systems' GMSs (10.xx.3.3.1: the primary's GMS shares the
 * preconfigured group with the partner's). The GMS ({@code muster-gms}) implements it; the
 * application wires it ({@code org.muster.app.Servers}); without one, nothing is shared.
 *
 * <p>GMS-to-GMS requests travel like the other server-to-server requests (WIRE.md
 * interconnection): MESSAGE between the systems' {@link #PSI_USER} PSIs, recognised by the
 * partner's certificate or provisioned address, with a body type the GMS {@linkplain #handles
 * handles}.
 */
public interface GmsConnection {
  /** The user part of a system's GMS PSI: {@code sip:gms@DOMAIN}. */
  String PSI_USER = "gms";

  /** No GMS: nothing shared, nothing to send first. */
  GmsConnection NONE = new GmsConnection() {};

  /** The preconfigured groups partner GMSs shared with ours, as the server reads them. */
  default GmsSubscription subscription() {
    return GmsSubscription.NONE;
  }

  /** True for a body type this GMS takes from partner GMSs. */
  default boolean handles(String contentType) {
    return false;
  }

  /** A request from a recognised partner's GMS with such a body: the answer to send, when it is known. Called on a SIP thread. */
  default CompletableFuture<Reply> received(PartnerConfig from, String contentType, byte[] body) {
    return CompletableFuture.completedFuture(new Reply(415, "Unsupported Media Type", Optional.empty()));
  }

  /**
   * 10.xx.3.3.1 step 3 at a partner ("may retrieve the configuration ... from the GMS"): a create
   * from {@code primary} names {@code group}, which our GMS does not have; ours asks the primary's
   * for it. Completes with true once ours holds it.
   */
  default CompletableFuture<Boolean> fetch(PartnerConfig primary, McServiceGroupId group) {
    return CompletableFuture.completedFuture(false);
  }

  /**
   * 10.xx.3.3.1 / 10.xx.3.3.2, before step 4 sends the create to {@code partner}: completes once
   * the partner's GMS holds what it needs of {@code configurationGroup} (or it is known not to be
   * reachable: the partner's own answer to the create then says why).
   */
  default CompletableFuture<Void> beforeCreate(PartnerConfig partner, McServiceGroupId configurationGroup) {
    return CompletableFuture.completedFuture(null);
  }

  /**
   * The server's subscription to group configuration: {@code changed} runs after every change of
   * the system's groups (already in {@code McSystemConfig}), on a thread of the GMS.
   */
  default void onGroupsChanged(Runnable changed) {}

  /**
   * {@code partner} answered a create naming our {@code configurationGroup} with "163 unknown
   * identity" for it: its GMS lost what ours shared (a restored store, say). Ours shares it again
   * now, so the dispatcher's next attempt finds it there.
   */
  default void partnerLacks(PartnerConfig partner, McServiceGroupId configurationGroup) {}

  /** The server is listening: how the GMS reaches partners' GMSs from now on. */
  default void started(PartnerSender sender) {}

  /** The server is stopping: nothing more is sent. */
  default void stopped() {}

  /** A final answer to a GMS-to-GMS request: status 0 means no answer in time. */
  record Reply(int status, String reason, Optional<String> warning) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /** Sends MESSAGE from our GMS PSI to the GMS PSI of a partner, over the transport provisioned for it. */
  interface PartnerSender {
    CompletableFuture<Reply> send(PartnerConfig to, EncodedBody body);
  }
}
