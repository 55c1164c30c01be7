package org.muster.core.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.muster.core.RegroupTestContext.DISP1;
import static org.muster.core.RegroupTestContext.FF1;
import static org.muster.core.RegroupTestContext.FIRE;
import static org.muster.core.RegroupTestContext.GHOST;
import static org.muster.core.RegroupTestContext.RG1;
import static org.muster.core.RegroupTestContext.TMPL_INCIDENT;
import static org.muster.core.RegroupTestContext.VIDEO_ONLY;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.muster.core.RegroupTestContext;
import org.muster.core.id.McService;
import org.muster.core.id.McServiceClient;
import org.muster.core.regroup.MemberState;
import org.muster.core.registration.Registration;

/** Service authorization and log-off (WIRE.md REGISTER). */
class RegistrationTest {
  private final RegroupTestContext t = RegroupTestContext.create();

  @Test
  void anUnknownUserIsRefused() {
    McServiceClient ghost = t.client(GHOST);

    RegisterResult r = t.server.register(ghost, McServiceServer.allServices(), 600);

    assertThat(r.refusal()).hasValueSatisfying(s -> assertThat(s).contains(GHOST.uri()));
    assertThat(r.grantedExpires()).isZero();
    assertThat(t.server.registration(ghost)).isEmpty();
    assertThat(t.server.allRegistrations()).isEmpty();
  }

  @Test
  void aKnownUserIsRegisteredForTheServicesAskedWithTheExpiryAsked() {
    McServiceClient ff1 = t.client(FF1);

    RegisterResult r = t.server.register(ff1, EnumSet.of(McService.MCPTT, McService.MCDATA), 600);

    assertThat(r.refusal()).isEmpty();
    assertThat(r.grantedExpires()).isEqualTo(600);
    Registration reg = t.server.registration(ff1).orElseThrow();
    assertThat(reg.services()).containsExactlyInAnyOrder(McService.MCPTT, McService.MCDATA);
    assertThat(reg.expiresAt()).isEqualTo(RegroupTestContext.START.plusSeconds(600));
  }

  @Test
  void theExpiryIsCappedAtMaxExpires() {
    McServiceClient ff1 = t.client(FF1);

    RegisterResult r = t.server.register(ff1, McServiceServer.allServices(), 86_400);

    assertThat(r.grantedExpires()).isEqualTo(McServiceServer.MAX_EXPIRES);
    assertThat(t.server.registration(ff1).orElseThrow().expiresAt())
        .isEqualTo(RegroupTestContext.START.plusSeconds(McServiceServer.MAX_EXPIRES));
  }

  @Test
  void aRefreshExtendsTheExpiryFromNow() {
    McServiceClient ff1 = t.client(FF1);
    t.server.register(ff1, McServiceServer.allServices(), 60);
    t.advance(Duration.ofSeconds(50));

    t.server.register(ff1, McServiceServer.allServices(), 60);
    t.advance(Duration.ofSeconds(50));

    assertThat(t.server.expireRegistrations().events()).isEmpty();
    assertThat(t.server.registration(ff1)).isPresent();
    assertThat(t.server.allRegistrations()).hasSize(1);
  }

  @Test
  void eachContactOfAUserIsAClientOfItsOwn() {
    McServiceClient a = RegroupTestContext.client(FF1, 6001);
    McServiceClient b = RegroupTestContext.client(FF1, 6002);
    assertThat(a.contact()).isEqualTo("sip:ff1@127.0.0.1:6001");

    t.register(a);
    t.register(b);

    assertThat(t.server.registrationsOf(FF1)).extracting(Registration::client).containsExactly(a, b);
    assertThat(t.server.stats().registeredClients()).isEqualTo(2);
  }

  @Test
  void reRegisteringWithoutAServiceEndsThatServicesAffiliationsOnly() {
    McServiceClient ff1 = t.registered(FF1);
    t.affiliate(ff1, McService.MCPTT, FIRE);
    t.affiliate(ff1, McService.MCVIDEO, FIRE, VIDEO_ONLY);

    t.server.register(ff1, Set.of(McService.MCPTT), 3600);

    assertThat(t.server.affiliationsOf(ff1, McService.MCVIDEO)).isEmpty();
    assertThat(t.server.affiliatedTo(VIDEO_ONLY, McService.MCVIDEO)).isEmpty();
    assertThat(t.server.affiliationsOf(ff1, McService.MCPTT)).containsExactly(FIRE);
  }

  @Test
  void reRegisteringWithoutAServiceEndsTheParticipationsOfThatService() {
    McServiceClient ff1 = t.registered(FF1);
    t.affiliate(ff1, McService.MCVIDEO, FIRE);
    t.groupRegroup(McService.MCVIDEO, DISP1, RG1, TMPL_INCIDENT, FIRE);
    assertThat(t.active(RG1).hasParticipant(ff1)).isTrue();

    RegisterResult r = t.server.register(ff1, Set.of(McService.MCPTT), 3600);

    assertThat(t.active(RG1).hasParticipant(ff1)).isFalse();
    assertThat(t.states(RG1, ff1)).last().isEqualTo(MemberState.LEFT);
    assertThat(RegroupTestContext.memberEvents(r.outcome())).hasSize(1);
  }

  @Test
  void reRegisteringWithoutAServiceKeepsTheParticipationsOfTheOtherServices() {
    McServiceClient ff1 = t.registered(FF1);
    t.affiliate(ff1, McService.MCPTT, FIRE);
    t.groupRegroup(McService.MCPTT, DISP1, RG1, TMPL_INCIDENT, FIRE);

    RegisterResult r = t.server.register(ff1, Set.of(McService.MCPTT), 3600);

    assertThat(t.active(RG1).hasParticipant(ff1)).isTrue();
    assertThat(r.outcome().events()).isEmpty();
  }

  @Test
  void registeringForANewServiceKeepsTheExistingAffiliations() {
    McServiceClient ff1 = t.client(FF1);
    t.register(ff1, McService.MCPTT);
    t.affiliate(ff1, McService.MCPTT, FIRE);

    t.register(ff1, McService.MCPTT, McService.MCVIDEO);

    assertThat(t.server.affiliationsOf(ff1, McService.MCPTT)).containsExactly(FIRE);
    assertThat(t.server.registration(ff1).orElseThrow().services()).contains(McService.MCVIDEO);
  }
}
