package org.muster.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.muster.core.id.McServiceClient;
import org.muster.core.id.McServiceId;

class FlowsTest {
  private static final McServiceId FF1 = McServiceId.of("sip:ff1@metro.example");
  private static final McServiceId FF2 = McServiceId.of("sip:ff2@metro.example");
  private final StepClock clock = new StepClock();
  private final Flows flows = new Flows(clock);
  private final McServiceClient radio = new McServiceClient(FF1, "sip:ff1@127.0.0.1:40000");

  @Test
  void aFlowIsItsRegisteredClientsWhileTheRegistrationLasts() {
    flows.bind("UDP 127.0.0.1:40000", radio, 60);
    assertThat(flows.clientOn("UDP 127.0.0.1:40000", FF1)).contains(radio);
    assertThat(flows.clientOn("UDP 127.0.0.1:40000", FF2)).as("another user over the same flow").isEmpty();
    assertThat(flows.clientOn("UDP 127.0.0.1:40001", FF1)).as("another port").isEmpty();
    assertThat(flows.clientOn("TCP 127.0.0.1:40000 #1", FF1)).as("another transport").isEmpty();
    clock.advance(Duration.ofSeconds(61));
    assertThat(flows.clientOn("UDP 127.0.0.1:40000", FF1)).as("expired").isEmpty();
  }

  @Test
  void logOffEndsTheFlowAndReRegisteringMovesIt() {
    flows.bind("UDP 127.0.0.1:40000", radio, 60);
    flows.bind("UDP 127.0.0.1:40002", radio, 60);
    assertThat(flows.clientOn("UDP 127.0.0.1:40000", FF1)).isEmpty();
    assertThat(flows.clientOn("UDP 127.0.0.1:40002", FF1)).contains(radio);
    flows.unbind(radio);
    assertThat(flows.clientOn("UDP 127.0.0.1:40002", FF1)).isEmpty();
    assertThat(flows.size()).isZero();
  }

  @Test
  void anotherClientRegisteringOverTheFlowTakesIt() {
    McServiceClient other = new McServiceClient(FF2, "sip:ff2@127.0.0.1:40000");
    flows.bind("UDP 127.0.0.1:40000", radio, 60);
    flows.bind("UDP 127.0.0.1:40000", other, 60);
    assertThat(flows.clientOn("UDP 127.0.0.1:40000", FF1)).isEmpty();
    assertThat(flows.clientOn("UDP 127.0.0.1:40000", FF2)).contains(other);
    flows.unbind(radio);
    assertThat(flows.clientOn("UDP 127.0.0.1:40000", FF2)).contains(other);
  }
}
