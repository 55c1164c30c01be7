package org.muster.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.app.it.LoopbackSystem.get;
import static org.muster.app.it.LoopbackSystem.user;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.muster.core.id.McService;
import org.muster.sip.client.ClientOptions;
import org.muster.sip.client.McClient;
import org.muster.sip.stack.SipRequest;
import org.muster.sip.stack.SipResponse;

/**
 * {@code system.clients-per-user} and {@code system.clients-per-source} (issue 14, item 3): one
 * user's registered clients, and the clients registered from one source address whatever their
 * users, are bounded; a REGISTER that would pass a bound is refused whole with 403 and a Warning,
 * while refreshes and log-offs always pass.
 */
class RegistrationLimitIT {
  LoopbackSystem sys;

  @BeforeEach
  void start() throws Exception {
    sys = new LoopbackSystem(LoopbackSystem.YAML.replace("  sip: 127.0.0.1:0\n", "  sip: 127.0.0.1:0\n  clients-per-user: 2\n  clients-per-source: 3\n"));
  }

  @AfterEach
  void stop() {
    sys.close();
  }

  private int clients() throws Exception {
    return sys.core(core -> core.registrationsOf(user("ff1")).size());
  }

  private static SipResponse register(McClient c) throws Exception {
    return get(c.register(List.of(McService.MCPTT), 600));
  }

  @Test
  void aThirdClientIsRefusedWholeUntilOneLogsOff() throws Exception {
    McClient a = sys.client("ff1", "ff1-secret");
    McClient b = sys.client("ff1", "ff1-secret");
    McClient c = sys.client("ff1", "ff1-secret");
    assertThat(register(a).status()).isEqualTo(200);
    assertThat(register(b).status()).isEqualTo(200);
    SipResponse third = register(c);
    assertThat(third.status()).isEqualTo(403);
    assertThat(third.header("Warning").orElse(""))
        .contains("sip:ff1@metro.example would have 3 registered clients, more than the 2 this system allows per user");
    assertThat(register(a).status()).as("a refresh passes").isEqualTo(200);

    // two Contacts in one REGISTER, one of them new: refused whole, nothing changed
    SipResponse two = get(b.send("REGISTER", "sip:metro.example", user("ff1").uri(), List.of(
        new SipRequest.Header("Contact", "<" + b.contact() + ">;+g.3gpp.mcptt"),
        new SipRequest.Header("Contact", "<" + c.contact() + ">;+g.3gpp.mcptt"),
        new SipRequest.Header("Expires", "600")), null, null));
    assertThat(two.status()).isEqualTo(403);
    assertThat(clients()).isEqualTo(2);

    assertThat(get(a.logOff()).status()).isEqualTo(200);
    assertThat(register(c).status()).isEqualTo(200);
    assertThat(clients()).isEqualTo(2);
  }

  /** A client of {@code name} sending from {@code localHost} (a loopback address). */
  private McClient from(String localHost, String name) {
    ClientOptions o = ClientOptions.loopback(user(name), "metro.example", sys.server.sipPort()).withPassword(name + "-secret");
    return sys.track(McClient.start(new ClientOptions(o.user(), o.domain(), o.serverHost(), o.serverPort(), o.transport(), localHost, 0,
        o.acknowledge(), o.credential())));
  }

  @Test
  void oneSourceAddressHoldsAtMostItsShareWhateverTheUsers() throws Exception {
    McClient ff1 = from("127.0.0.1", "ff1");
    McClient ff2 = from("127.0.0.1", "ff2");
    McClient pol1 = from("127.0.0.1", "pol1");
    McClient amb1 = from("127.0.0.1", "amb1");
    assertThat(register(ff1).status()).isEqualTo(200);
    assertThat(register(ff2).status()).isEqualTo(200);
    assertThat(register(pol1).status()).isEqualTo(200);
    SipResponse fourth = register(amb1);
    assertThat(fourth.status()).isEqualTo(403);
    assertThat(fourth.header("Warning").orElse(""))
        .contains("127.0.0.1 would have 4 registered clients, more than the 3 this system allows per source address (system.clients-per-source)");
    assertThat(sys.<Integer>core(core -> core.registrationsOf(user("amb1")).size())).as("nothing changed").isZero();
    assertThat(register(ff1).status()).as("a refresh passes").isEqualTo(200);

    McClient elsewhere = from("127.0.0.2", "amb1");
    assertThat(register(elsewhere).status()).as("another source address has its own share").isEqualTo(200);

    assertThat(get(ff2.logOff()).status()).isEqualTo(200);
    assertThat(register(amb1).status()).as("a log-off frees a place").isEqualTo(200);
  }
}
