package org.muster.core.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** WIRE.md: identities are SIP URIs (MC service IDs and MC service group IDs). */
class IdentityTest {
  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {
      "", "fire", "ff1@metro.example", "sip:", "sip:a b@x", "<sip:a@b>", "sip:ff1@", "sip:ff1@metro.example>",
      "tel:+4912345", "sip:ff1@metro.example?subject=x", "sip:ff1@-metro.example", "sip:ff1@metro..example"})
  void malformedUrisAreRejected(String uri) {
    assertThatIllegalArgumentException().isThrownBy(() -> McServiceId.of(uri)).withMessageContaining("MC service ID");
    assertThatIllegalArgumentException().isThrownBy(() -> McServiceGroupId.of(uri))
        .withMessageContaining("MC service group ID");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "sip:ff1@metro.example", "sip:metro.example", "sips:ff1@metro.example", "sip:ff1@127.0.0.1:5060",
      "sip:ff1@[::1]:5060", "sip:rg-fire_police.1@metro.example"})
  void wellFormedUrisAreAccepted(String uri) {
    assertThat(McServiceId.of(uri).uri()).isEqualTo(uri);
    assertThat(McServiceGroupId.of(uri).toString()).isEqualTo(uri);
  }

  @Test
  void aUriThatIsTooLongIsRejected() {
    String longUser = "a".repeat(510);
    assertThatIllegalArgumentException().isThrownBy(() -> McServiceId.of("sip:" + longUser + "@x"));
  }

  @Test
  void theDomainIsTheLowerCaseHostWithoutPortOrParameters() {
    assertThat(McServiceId.of("sip:ff1@metro.example").domain()).isEqualTo("metro.example");
    assertThat(McServiceGroupId.of("sip:fire@North.Example:5070;transport=tcp").domain()).isEqualTo("north.example");
    assertThat(McServiceId.of("sip:ff1@[::1]:5060").domain()).isEqualTo("[::1]");
  }

  @Test
  void identitiesAreValuesOrderedByUri() {
    assertThat(McServiceId.of("sip:ff1@metro.example")).isEqualTo(new McServiceId("sip:ff1@metro.example"));
    assertThat(McServiceId.of("sip:a@metro.example")).isLessThan(McServiceId.of("sip:b@metro.example"));
  }

  @Test
  void aClientIsAUserAndAContact() {
    McServiceClient c = new McServiceClient(McServiceId.of("sip:ff1@metro.example"), "sip:ff1@127.0.0.1:6001");

    assertThat(c).isEqualTo(new McServiceClient(McServiceId.of("sip:ff1@metro.example"), "sip:ff1@127.0.0.1:6001"));
    assertThat(c).isNotEqualTo(new McServiceClient(McServiceId.of("sip:ff1@metro.example"), "sip:ff1@127.0.0.1:6002"));
  }

  @Test
  void servicesNameTheirPsiAndFeatureTag() {
    assertThat(McService.MCPTT.psi("metro.example")).isEqualTo("sip:mcptt-server@metro.example");
    assertThat(McService.MCVIDEO.featureTag()).isEqualTo("+g.3gpp.mcvideo");
    assertThat(McService.fromWord("mcdata")).contains(McService.MCDATA);
    assertThat(McService.fromWord("MCDATA")).isEmpty();
  }
}
