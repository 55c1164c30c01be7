package org.muster.app.admin;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.muster.core.regroup.RegroupRecord;
import java.util.concurrent.Executors;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;
import org.muster.gms.GroupDocuments;
import org.muster.gms.GroupManagementServer;

/**
 * The group management server's HTTP interface: its group documents ({@link GmsRoutes}), its marks
 * of groups regrouped by another mechanism ({@link MarksRoute}), its view of the server's group
 * dynamic data ({@link DynamicDataRoute}), and each user's own configuration ({@link ClientGroupsRoute}). On the server's admin port when the GMS is embedded ({@link
 * AdminHttp}), or on its own port when the GMS runs as its own process ({@code muster gms}).
 */
public final class GmsHttp implements AutoCloseable {
  private final HttpServer http;

  private GmsHttp(HttpServer http) {
    this.http = http;
  }

  /** Adds the GMS's routes to {@code http}: writes behind the admin token ({@code access}), a user's configuration behind its digest. */
  static void routes(HttpServer http, AdminAccess access, McSystemConfig config, GroupManagementServer gms, GroupDocuments groups,
      Supplier<List<RegroupRecord>> inEffect) {
    http.createContext(GmsRoutes.PREFIX, AdminHttp.safe(access, new GmsRoutes(groups)::handle));
    http.createContext(DynamicDataRoute.PATH, AdminHttp.safe(access, new DynamicDataRoute(inEffect, gms)::handle));
    http.createContext(MarksRoute.PATH, AdminHttp.safe(access, new MarksRoute(gms)::handle));
    // a client's own configuration: HTTP Digest as the user, not the admin token
    http.createContext(ClientGroupsRoute.PREFIX, AdminHttp.open(new ClientGroupsRoute(config, gms)::handle));
  }

  /**
   * The GMS's interface alone on {@code address}, with the system's admin token ({@code
   * system.admin-token} or {@value AdminAccess#TOKEN_VARIABLE}).
   *
   * @throws IllegalArgumentException for a non-loopback address without a token (nothing listens)
   */
  public static GmsHttp start(McSystemConfig config, GroupManagementServer gms, GroupDocuments groups,
      Supplier<List<RegroupRecord>> inEffect, HostPort address) throws IOException {
    AdminAccess access = AdminAccess.of(address, config.system().security().adminToken());
    HttpServer http = HttpServer.create(new InetSocketAddress(address.host(), address.port()), 64);
    http.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "muster-gms-http");
      t.setDaemon(true);
      return t;
    }));
    routes(http, access, config, gms, groups, inEffect);
    http.createContext("/", AdminHttp.safe(access, ex -> AdminHttp.send(ex, 404, "application/json",
        AdminHttp.json(Map.of("error", "not found: " + ex.getRequestURI().getPath() + " (the GMS serves " + GmsRoutes.PREFIX + ", "
            + MarksRoute.PATH + ", " + ClientGroupsRoute.PREFIX + "URI" + ClientGroupsRoute.SUFFIX + ")")))));
    http.start();
    return new GmsHttp(http);
  }

  public int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
