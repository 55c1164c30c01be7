package org.muster.protocol.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.muster.protocol.decode.Decoded;

class MultipartTest {
  static List<Multipart.Part> parts(String contentType, String body) {
    Decoded<List<Multipart.Part>> d = Multipart.parse(MediaType.parse(contentType).orElseThrow(), body.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(d.isOk()).as("%s", d).isTrue();
    return ((Decoded.Ok<List<Multipart.Part>>) d).value();
  }

  static String text(Multipart.Part p) {
    return new String(p.body(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void formatThenParseKeepsPartsByteForByte() {
    byte[] binary = {0, (byte) 0xff, '\r', '\n', '-', '-', 'x'};
    List<Multipart.Part> in = List.of(new Multipart.Part("a/b", "one\r\ntwo".getBytes(StandardCharsets.UTF_8)), new Multipart.Part("c/d", binary));
    String boundary = Multipart.newBoundary(in);
    byte[] body = Multipart.format(boundary, in);
    Decoded<List<Multipart.Part>> out = Multipart.parse(MediaType.parse("multipart/mixed;boundary=" + boundary).orElseThrow(), body);
    List<Multipart.Part> parts = ((Decoded.Ok<List<Multipart.Part>>) out).value();
    assertThat(parts).extracting(Multipart.Part::contentType).containsExactly("a/b", "c/d");
    assertThat(parts.get(0).body()).isEqualTo(in.get(0).body());
    assertThat(parts.get(1).body()).isEqualTo(binary);
  }

  @Test
  void preambleEpilogueTransportPaddingFoldedHeadersAndLfAreAccepted() {
    String body = "preamble\n--b  \nContent-Type:\n  a/b\nContent-ID: 1\n\nfirst\n--b\ncontent-type: c/d\n\n\n\n--b-- \nepilogue";
    List<Multipart.Part> p = parts("multipart/mixed; boundary=\"b\"", body);
    assertThat(p).extracting(Multipart.Part::contentType).containsExactly("a/b", "c/d");
    assertThat(text(p.get(0))).isEqualTo("first");
    assertThat(text(p.get(1))).isEqualTo("\n");
  }

  @Test
  void aLineThatOnlyStartsWithTheBoundaryIsContent() {
    String body = "--b\r\nContent-Type: a/b\r\n\r\nx\r\n--bb not a delimiter\r\ny\r\n--b--\r\n";
    assertThat(text(parts("multipart/mixed;boundary=b", body).get(0))).isEqualTo("x\r\n--bb not a delimiter\r\ny");
  }

  @Test
  void tooManyPartsAreBad() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i <= Multipart.MAX_PARTS; i++) b.append("--b\r\nContent-Type: a/b\r\n\r\nx\r\n");
    b.append("--b--\r\n");
    Decoded<List<Multipart.Part>> d = Multipart.parse(MediaType.parse("multipart/mixed;boundary=b").orElseThrow(), b.toString().getBytes(StandardCharsets.US_ASCII));
    assertThat(d).isEqualTo(Decoded.bad("multipart", "more than 16 parts"));
  }

  @Test
  void anOverlongBoundaryIsBad() {
    Decoded<List<Multipart.Part>> d = Multipart.parse(MediaType.parse("multipart/mixed;boundary=" + "x".repeat(71)).orElseThrow(), new byte[] {1});
    assertThat(d).isInstanceOf(Decoded.Bad.class);
  }

  /** Found by BodyFuzzTest.multipart: RFC 2046 5.1.1 asks for at least one body part. */
  @Test
  void aCloseDelimiterWithoutAnyPartIsBad() {
    MediaType type = MediaType.parse("multipart/mixed;boundary=b1").orElseThrow();
    Decoded<List<Multipart.Part>> alone = Multipart.parse(type, "--b1--\r\n".getBytes(StandardCharsets.US_ASCII));
    Decoded<List<Multipart.Part>> afterPreamble =
        Multipart.parse(type, "--b1\rnot a delimiter\r\n--b1--\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(alone).isEqualTo(Decoded.bad("multipart", "no body part before the closing boundary"));
    assertThat(afterPreamble).isEqualTo(alone);
  }
}
