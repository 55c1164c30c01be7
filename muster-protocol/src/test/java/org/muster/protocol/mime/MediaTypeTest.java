package org.muster.protocol.mime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaTypeTest {
  @Test
  void parsesTypeSubtypeAndParameters() {
    MediaType t = MediaType.parse(" Multipart/Mixed ; Boundary=\"a b\\\"c\" ; charset=utf-8;").orElseThrow();
    assertThat(t.essence()).isEqualTo("multipart/mixed");
    assertThat(t.parameter("boundary")).hasValue("a b\"c");
    assertThat(t.parameter("CHARSET")).hasValue("utf-8");
  }

  @Test
  void refusesWhatIsNotAContentType() {
    for (String bad : new String[] {"", "text", "text/", "/plain", "text/plain;x", "text/plain;x=\"open", "text/plain extra", "a/b;c=\"\r\n\""}) {
      assertThat(MediaType.parse(bad)).as(bad).isEmpty();
    }
    assertThat(MediaType.parse(null)).isEmpty();
  }
}
