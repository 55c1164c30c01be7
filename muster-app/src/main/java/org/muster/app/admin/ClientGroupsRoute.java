package org.muster.app.admin;

import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.muster.core.config.Authentication;
import org.muster.core.config.GroupConfig;
import org.muster.core.config.McSystemConfig;
import org.muster.core.config.UserConfig;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceGroupId;
import org.muster.core.id.McServiceId;
import org.muster.core.id.SipUri;
import org.muster.gms.GroupManagementServer;

/**
 * 10.2.7 for clients: {@code GET /gms/users/URI/groups} gives a user the configuration of the
 * groups it holds: the groups of this system that list it, and the preconfigured groups partner
 * systems' GMSs shared with ours (distributed to every user served here, unless this system's
 * provisioning lists the group and not the user). Only the user itself may read it: HTTP Digest
 * (RFC 7616, {@code qop=auth}) with the user's credentials, the same as its REGISTER (realm = its
 * domain), whatever the admin token; with {@code authentication: none}, anyone on the admin port.
 * Key material is not given out here (plain HTTP).
 *
 * <pre>{"user": URI, "groups": [{"uri", "services", "preconfiguredRegroupOnly", "broadcast", "sharedBy"?}]}</pre>
 */
final class ClientGroupsRoute {
  static final String PREFIX = "/gms/users/";
  static final String SUFFIX = "/groups";
  private final McSystemConfig config;
  private final GroupManagementServer gms;
  private final UserDigest digest;

  ClientGroupsRoute(McSystemConfig config, GroupManagementServer gms) {
    this.config = config;
    this.gms = gms;
    this.digest = new UserDigest(config);
  }

  void handle(HttpExchange ex) throws Exception {
    String path = ex.getRequestURI().getRawPath();
    if (!path.startsWith(PREFIX) || !path.endsWith(SUFFIX) || path.length() <= PREFIX.length() + SUFFIX.length()) {
      error(ex, 404, "not found: " + path + " (GET " + PREFIX + "URI" + SUFFIX + ")");
      return;
    }
    if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
      ex.getResponseHeaders().set("Allow", "GET, HEAD");
      error(ex, 405, "use GET");
      return;
    }
    String uri = URLDecoder.decode(path.substring(PREFIX.length(), path.length() - SUFFIX.length()), StandardCharsets.UTF_8);
    Optional<UserConfig> user = SipUri.isValid(uri) ? config.user(McServiceId.of(uri)) : Optional.empty();
    if (user.isEmpty()) {
      error(ex, 404, "no user " + uri + " in this system");
      return;
    }
    if (config.system().security().authentication() == Authentication.DIGEST && !digest.authenticated(ex, user.get(), path)) return;
    AdminHttp.send(ex, 200, "application/json", AdminHttp.json(Map.of("user", uri, "groups", heldBy(user.get().id()))));
  }

  private List<Map<String, Object>> heldBy(McServiceId user) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (McServiceGroupId g : config.groupsOf(user)) config.group(g).ifPresent(gc -> out.add(view(gc, null)));
    gms.sharedWithUs().forEach((g, partner) -> {
      if (config.group(g).isPresent()) return; // our provisioning lists it: held by its members only (above)
      gms.sharedBy(partner, g).ifPresent(gc -> out.add(view(gc, partner)));
    });
    return out;
  }

  private static Map<String, Object> view(GroupConfig g, String sharedBy) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("uri", g.id().uri());
    m.put("services", g.services().stream().map(McService::word).sorted().toList());
    m.put("preconfiguredRegroupOnly", g.preconfiguredRegroupOnly());
    m.put("broadcast", g.broadcast());
    if (sharedBy != null) m.put("sharedBy", sharedBy);
    return m;
  }

  private static void error(HttpExchange ex, int status, String message) throws java.io.IOException {
    AdminHttp.send(ex, status, "application/json", AdminHttp.json(Map.of("error", message)));
  }
}
