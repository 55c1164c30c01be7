package org.muster.protocol;

import java.util.Objects;
import java.util.Optional;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceId;

/**
 * The MC service info body ({@code <mcpttinfo>}, {@code <mcvideoinfo>}, {@code <mcdatainfo>})
 * as far as the wire profile uses it (WIRE.md "Regroup bodies", part 1).
 *
 * @param callingUser {@code <mcptt-calling-user-id>}
 * @param requestUri {@code <mcptt-request-uri>}
 * @param broadcast {@code <broadcast-ind>} (absent or unreadable reads as false)
 */
public record InfoDocument(McService service, Optional<McServiceId> callingUser, Optional<McServiceId> requestUri, boolean broadcast) {
  public InfoDocument {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(callingUser, "callingUser");
    Objects.requireNonNull(requestUri, "requestUri");
  }
}
