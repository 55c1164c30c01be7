package org.muster.protocol;

import org.muster.protocol.decode.Decoded;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DecodedTest {
  @Test
  void messagesNameElementsInBracketsAndOtherFieldsPlainly() {
    assertThat(new Decoded.Bad<>("mcptt-regroup-uri", "missing").message()).isEqualTo("<mcptt-regroup-uri> missing");
    assertThat(new Decoded.Bad<>("affiliation@group", "missing").message()).isEqualTo("<affiliation group> missing");
    assertThat(new Decoded.Bad<>("Content-Type", "not a regroup body").message()).isEqualTo("Content-Type: not a regroup body");
    assertThat(new Decoded.Bad<>("body", "empty").message()).isEqualTo("body: empty");
  }

  @Test
  void mapAndFlatMapPassBadThrough() {
    Decoded<Integer> bad = Decoded.bad("x", "y");
    assertThat(bad.map(i -> i + 1)).isEqualTo(Decoded.bad("x", "y"));
    assertThat(Decoded.ok(1).map(i -> i + 1)).isEqualTo(Decoded.ok(2));
    assertThat(Decoded.ok(1).flatMap(i -> Decoded.bad("z", "w"))).isEqualTo(Decoded.bad("z", "w"));
    assertThat(Decoded.ok(1).isOk()).isTrue();
    assertThat(bad.isOk()).isFalse();
  }

  @Test
  void quoteCutsAndNeutralisesValues() {
    assertThat(Decoded.quote("a\"b\r\nc")).isEqualTo("'a?b??c'");
    assertThat(Decoded.quote("x".repeat(100))).hasSize(80 + 5);
    assertThat(Decoded.quote(null)).isEqualTo("''");
  }
}
