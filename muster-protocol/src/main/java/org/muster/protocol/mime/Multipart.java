package org.muster.protocol.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.muster.protocol.decode.Decoded;

/**
 * multipart/mixed bodies (RFC 2046 5.1.1):
 *
 * <pre>
 * multipart-body := [preamble CRLF] dash-boundary transport-padding CRLF body-part
 *                   *encapsulation close-delimiter transport-padding [CRLF epilogue]
 * encapsulation  := delimiter transport-padding CRLF body-part
 * delimiter      := CRLF dash-boundary      dash-boundary := "--" boundary
 * close-delimiter := delimiter "--"
 * body-part      := MIME-part-headers [CRLF *OCTET]
 * </pre>
 *
 * Parsing also accepts bare LF for CRLF. Writing always uses CRLF. Parts are kept as bytes: the
 * text is handled as ISO-8859-1, which maps every byte to one char and back unchanged.
 */
public final class Multipart {
  /** More parts than this is not a body of this profile (WIRE.md bodies have two). */
  public static final int MAX_PARTS = 16;

  /** One body part: its Content-Type header value and its bytes. */
  public record Part(String contentType, byte[] body) {
    public Part {
      Objects.requireNonNull(contentType, "contentType");
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }
  }

  private Multipart() {}

  /** The parts of a multipart body whose Content-Type is {@code type} (it carries the boundary). */
  public static Decoded<List<Part>> parse(MediaType type, byte[] body) {
    Optional<String> boundary = type.parameter("boundary");
    if (boundary.isEmpty()) return Decoded.bad("multipart", "Content-Type has no boundary parameter");
    String b = boundary.get();
    if (b.isEmpty() || b.length() > 70 || b.endsWith(" ") || b.indexOf('\r') >= 0 || b.indexOf('\n') >= 0) {
      return Decoded.bad("multipart", "invalid boundary " + Decoded.quote(b));
    }
    return split(new String(body, StandardCharsets.ISO_8859_1), "--" + b);
  }

  private static Decoded<List<Part>> split(String text, String dash) {
    int at = text.startsWith(dash) && isDelimiter(text, dash.length()) ? 0 : nextDelimiter(text, dash, 0);
    if (at < 0) return Decoded.bad("multipart", "no boundary line " + Decoded.quote(dash));
    int pos = at + dash.length() + (text.charAt(at) == '\n' ? 1 : 0);
    List<Part> parts = new ArrayList<>();
    while (!text.startsWith("--", pos)) {
      int eol = text.indexOf('\n', pos);
      if (eol < 0) return Decoded.bad("multipart", "no closing boundary " + Decoded.quote(dash + "--"));
      int partStart = eol + 1;
      int next = nextDelimiter(text, dash, partStart - 1);
      if (next < 0) return Decoded.bad("multipart", "no closing boundary " + Decoded.quote(dash + "--"));
      if (parts.size() == MAX_PARTS) return Decoded.bad("multipart", "more than " + MAX_PARTS + " parts");
      int partEnd = next > partStart && text.charAt(next - 1) == '\r' ? next - 1 : next;
      Decoded<Part> part = part(text.substring(partStart, Math.max(partStart, partEnd)), parts.size() + 1);
      if (!(part instanceof Decoded.Ok<Part> ok)) return ((Decoded.Bad<Part>) part).retype();
      parts.add(ok.value());
      pos = next + 1 + dash.length();
    }
    // multipart-body has at least one body-part before the close-delimiter
    if (parts.isEmpty()) return Decoded.bad("multipart", "no body part before the closing boundary");
    return Decoded.ok(List.copyOf(parts));
  }

  /** Index of the '\n' that starts the next delimiter line at or after {@code from}, or -1. */
  private static int nextDelimiter(String text, String dash, int from) {
    String needle = "\n" + dash;
    for (int i = text.indexOf(needle, Math.max(0, from)); i >= 0; i = text.indexOf(needle, i + 1)) {
      if (isDelimiter(text, i + needle.length())) return i;
    }
    return -1;
  }

  /** After a dash-boundary: "--" (close), or transport padding then a line end or the end. */
  private static boolean isDelimiter(String text, int after) {
    if (text.startsWith("--", after)) return true;
    int i = after;
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) i++;
    return i == text.length() || text.charAt(i) == '\n' || (text.charAt(i) == '\r' && text.startsWith("\n", i + 1));
  }

  private static Decoded<Part> part(String raw, int number) {
    String contentType = null;
    int pos = 0;
    String previous = null;
    while (true) {
      int eol = raw.indexOf('\n', pos);
      String line = stripCr(eol < 0 ? raw.substring(pos) : raw.substring(pos, eol));
      pos = eol < 0 ? raw.length() : eol + 1;
      if (line.isEmpty()) break;
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && previous != null) {
        line = previous + " " + line.strip(); // folded header line
      }
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("Content-Type")) {
        contentType = line.substring(colon + 1).strip();
      }
      previous = line;
      if (eol < 0) break;
    }
    if (contentType == null) return Decoded.bad("multipart", "part " + number + " has no Content-Type");
    return Decoded.ok(new Part(contentType, raw.substring(pos).getBytes(StandardCharsets.ISO_8859_1)));
  }

  private static String stripCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  /** A boundary that occurs in none of {@code parts}: "muster-" and 24 random hex digits. */
  public static String newBoundary(List<Part> parts) {
    while (true) {
      byte[] random = new byte[12];
      ThreadLocalRandom.current().nextBytes(random);
      String b = "muster-" + HexFormat.of().formatHex(random);
      byte[] dash = ("--" + b).getBytes(StandardCharsets.ISO_8859_1);
      if (parts.stream().noneMatch(p -> contains(p.body, dash))) return b;
    }
  }

  /** The multipart body of {@code parts} with {@code boundary}, CRLF line ends throughout. */
  public static byte[] format(String boundary, List<Part> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Part p : parts) {
      out.writeBytes(("--" + boundary + "\r\nContent-Type: " + p.contentType() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.writeBytes(p.body);
      out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return true;
    }
    return false;
  }
}
