package org.muster.sip.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceId;
import org.muster.core.registration.Registration;
import org.muster.sip.stack.SipRequest;

/**
 * Requests relayed by a SIP proxy in front (README "Scaling out"): the client's address the
 * per-source limits count (from the Via below the proxy's), and the route of requests to a client
 * that registered through a Path.
 */
class ProxiedRequestsTest {
  private static final McServiceClient FF1 = new McServiceClient(McServiceId.of("sip:ff1@metro.example"), "sip:ff1@10.1.2.3:40000");

  @Test
  void theClientsAddressIsTheReceivedOfItsViaElseItsHost() {
    assertThat(Gate.viaHost("SIP/2.0/UDP 192.168.0.7:5060;branch=z9hG4bK1;received=10.1.2.3;rport=40000")).contains("10.1.2.3");
    assertThat(Gate.viaHost("SIP/2.0/UDP 10.1.2.3:40000;branch=z9hG4bK1;rport")).contains("10.1.2.3");
    assertThat(Gate.viaHost("SIP/2.0/TCP [2001:db8::7]:5060;branch=z9hG4bK1")).contains("2001:db8::7");
    assertThat(Gate.viaHost("SIP/2.0/UDP client.example;branch=z9hG4bK1")).contains("client.example");
    assertThat(Gate.viaHost("garbage")).isEmpty();
  }

  @Test
  void theClientsPortIsTheRportOfItsViaElseItsSentByPort() {
    assertThat(Gate.viaPort("SIP/2.0/UDP 192.168.0.7:5060;branch=z9hG4bK1;received=10.1.2.3;rport=40000")).isEqualTo(40000);
    assertThat(Gate.viaPort("SIP/2.0/UDP 10.1.2.3:40001;branch=z9hG4bK1;rport")).isEqualTo(40001);
    assertThat(Gate.viaPort("SIP/2.0/TCP [2001:db8::7]:5062;branch=z9hG4bK1")).isEqualTo(5062);
    assertThat(Gate.viaPort("SIP/2.0/UDP [2001:db8::7];branch=z9hG4bK1")).isEqualTo(5060);
    assertThat(Gate.viaPort("SIP/2.0/UDP client.example;branch=z9hG4bK1")).isEqualTo(5060);
  }

  @Test
  void aClientThatRegisteredThroughAPathIsReachedThroughItsFirstProxy() {
    ClientRoutes routes = new ClientRoutes();
    assertThat(routes.to(FF1).nextHop()).isEqualTo(new ContactAddress("10.1.2.3", 40000, "UDP"));
    assertThat(routes.to(FF1).headers()).isEmpty();

    String kamailio = "<sip:127.0.0.1:5070;lr;received=sip:10.1.2.3:40000>";
    String edge = "<sip:edge.metro.example:5080;transport=tcp;lr>";
    routes.registered(FF1, List.of(kamailio, edge));
    assertThat(routes.to(FF1).nextHop()).isEqualTo(new ContactAddress("127.0.0.1", 5070, "UDP"));
    assertThat(routes.to(FF1).headers()).containsExactly(new SipRequest.Header("Route", kamailio), new SipRequest.Header("Route", edge));

    routes.registered(FF1, List.of()); // registered again, straight
    assertThat(routes.to(FF1).headers()).isEmpty();
    routes.load(List.of(new Registration(FF1, java.util.Set.of(), java.time.Instant.EPOCH, List.of(edge)))); // taken over
    assertThat(routes.to(FF1).nextHop()).isEqualTo(new ContactAddress("edge.metro.example", 5080, "TCP"));
    routes.ended(FF1);
    assertThat(routes.to(FF1).headers()).isEmpty();
  }
}
