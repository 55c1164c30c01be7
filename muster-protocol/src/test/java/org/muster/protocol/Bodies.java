package org.muster.protocol;

import java.nio.charset.StandardCharsets;

/** Hand-written multipart bodies for tests, with the line end under test. */
final class Bodies {
  static final String BOUNDARY = "b1-muster-test";
  static final String MULTIPART = "multipart/mixed;boundary=" + BOUNDARY;

  private Bodies() {}

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** {@code --B CRLF Content-Type: t CRLF CRLF body CRLF} per part, then the close delimiter. */
  static byte[] multipart(String eol, String... typeAndBody) {
    StringBuilder b = new StringBuilder("preamble, ignored" + eol);
    for (int i = 0; i < typeAndBody.length; i += 2) {
      b.append("--").append(BOUNDARY).append(eol);
      b.append("Content-Type: ").append(typeAndBody[i]).append(eol).append(eol);
      b.append(typeAndBody[i + 1]).append(eol);
    }
    b.append("--").append(BOUNDARY).append("--").append(eol).append("epilogue, ignored");
    return utf8(b.toString());
  }

  static String info(String service, String callingUser) {
    return "<" + service + "info xmlns=\"urn:3gpp:ns:" + service + "Info:1.0\"><" + service + "-Params><"
        + service + "-calling-user-id><" + service + "URI>" + callingUser + "</" + service + "URI></"
        + service + "-calling-user-id></" + service + "-Params></" + service + "info>";
  }

  /** A regroup document for {@code service} with the given Params children, in that order. */
  static String regroup(String service, String... children) {
    return "<" + service + "regroup xmlns=\"urn:3gpp:ns:preconfiguredRegroup:1.0\"><" + service + "regroup-Params>"
        + String.join("", children) + "</" + service + "regroup-Params></" + service + "regroup>";
  }

  static String preconfig(String uri) {
    return "<preconfig-group-id><preconfigured-group>" + uri + "</preconfigured-group></preconfig-group-id>";
  }

  static String regroupUri(String service, String uri) {
    return "<" + service + "-regroup-uri><mcpttURI>" + uri + "</mcpttURI></" + service + "-regroup-uri>";
  }

  static String list(String element, String... uris) {
    StringBuilder b = new StringBuilder("<" + element + ">");
    for (String u : uris) b.append("<mcpttURI>").append(u).append("</mcpttURI>");
    return b.append("</").append(element).append(">").toString();
  }

  static String action(String action) {
    return "<regroup-action>" + action + "</regroup-action>";
  }
}
