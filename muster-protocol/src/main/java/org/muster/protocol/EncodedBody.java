package org.muster.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** A SIP message body ready to send: its Content-Type header value and its bytes. */
public record EncodedBody(String contentType, byte[] body) {
  public EncodedBody {
    Objects.requireNonNull(contentType, "contentType");
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncodedBody e && contentType.equals(e.contentType) && Arrays.equals(body, e.body);
  }

  @Override
  public int hashCode() {
    return 31 * contentType.hashCode() + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "Content-Type: " + contentType + "\n\n" + new String(body, StandardCharsets.UTF_8);
  }
}
