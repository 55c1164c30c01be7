package org.muster.protocol;

import org.muster.protocol.decode.Decoded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.muster.protocol.xml.XmlLimits;

/**
 * Every payload of src/test/resources/xml-attacks is a clean Bad on every decode path: as an info
 * body, as the info part of a regroup body, as a regroup part, as an affiliation body, as a
 * member report, as a group configuration and as a group document, within the wire limits and with the 64 KiB bound
 * lifted (so the streaming guards are what stops it).
 */
class XmlAttacksTest {
  static final XmlLimits NO_SIZE_BOUND = XmlLimits.WIRE.withMaxBytes(4 << 20);
  static final Duration BOUND = Duration.ofSeconds(3);
  static final String WIRE_CREATE = TestFiles.vectorText("regroup/wire-md-mcptt-create.xml");

  static Stream<Path> attacks() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(TestFiles.xmlAttacks())) {
      files = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
    }
    assertThat(files).as("attack payloads").hasSizeGreaterThanOrEqualTo(8);
    return files.stream();
  }

  /** Every decode path of the module on one payload; each result with a label. */
  static Map<String, Decoded<?>> decodeEverywhere(byte[] payload) {
    String xml = new String(payload, StandardCharsets.UTF_8);
    byte[] multipart = Bodies.multipart("\r\n", "application/vnd.3gpp.mcptt-info+xml", xml, "application/vnd.3gpp.mcptt-regroup+xml", WIRE_CREATE);
    byte[] asRegroupPart = Bodies.multipart("\r\n", "application/vnd.3gpp.mcptt-info+xml", Bodies.info("mcptt", "sip:a@b"), "application/vnd.3gpp.mcptt-regroup+xml", xml);
    return Map.ofEntries(
        Map.entry("info", InfoBody.decode(payload)),
        Map.entry("info, no size bound", InfoBody.decode(payload, NO_SIZE_BOUND, Optional.empty())),
        Map.entry("multipart info part", RegroupBody.decode(Bodies.MULTIPART, multipart)),
        Map.entry("multipart info part, no size bound", RegroupBody.decode(Bodies.MULTIPART, multipart, NO_SIZE_BOUND)),
        Map.entry("multipart regroup part, no size bound", RegroupBody.decode(Bodies.MULTIPART, asRegroupPart, NO_SIZE_BOUND)),
        Map.entry("single regroup part", RegroupBody.decode("application/vnd.3gpp.mcptt-regroup+xml", payload)),
        Map.entry("affiliation", AffiliationBody.decode(payload)),
        Map.entry("affiliation, no size bound", AffiliationBody.decode(payload, Optional.empty(), NO_SIZE_BOUND)),
        Map.entry("member report", MemberReportBody.decode(MemberReportBody.CONTENT_TYPE, payload)),
        Map.entry("member report, no size bound", MemberReportBody.decode(payload, NO_SIZE_BOUND)),
        Map.entry("group configuration", GroupConfigurationBody.decode(GroupConfigurationBody.CONTENT_TYPE, payload)),
        Map.entry("group configuration, no size bound", GroupConfigurationBody.decode(payload, NO_SIZE_BOUND)),
        Map.entry("group document", GroupDocumentBody.decode(GroupDocumentBody.CONTENT_TYPE, payload)),
        Map.entry("group document, no size bound", GroupDocumentBody.decode(payload, NO_SIZE_BOUND)));
  }

  static void assertAllBadWithout(Map<String, Decoded<?>> results, Pattern leak) {
    results.forEach((path, d) -> {
      assertThat(d).as(path).isInstanceOf(Decoded.Bad.class);
      Decoded.Bad<?> b = (Decoded.Bad<?>) d;
      assertThat(leak.matcher(b.field() + " " + b.reason()).find()).as("%s leaks file content: %s", path, b).isFalse();
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void isBadOnEveryPathInBoundedTime(Path attack) throws IOException {
    byte[] payload = Files.readAllBytes(attack);
    Map<String, Decoded<?>> results = assertTimeoutPreemptively(BOUND, () -> decodeEverywhere(payload));
    assertAllBadWithout(results, hostnamePattern());
  }

  @Test
  void theStreamingGuardsNameWhatStoppedEachPayload() {
    Path dir = TestFiles.xmlAttacks();
    Map<String, String> expected = Map.of(
        "xxe-file.xml", "DOCTYPE is not allowed",
        "xxe-parameter-oob.xml", "DOCTYPE is not allowed",
        "dtd-external-subset.xml", "DOCTYPE is not allowed",
        "billion-laughs.xml", "DOCTYPE is not allowed",
        "quadratic-blowup.xml", "DOCTYPE is not allowed",
        "deep-nesting.xml", "nested deeper than 32 elements",
        "many-attributes.xml", "attributes",
        "xinclude-file.xml", "<mcpttURI> missing");
    expected.forEach((file, reason) -> {
      byte[] payload = read(dir.resolve(file));
      Decoded<InfoDocument> d = InfoBody.decode(payload, NO_SIZE_BOUND, Optional.empty());
      assertThat(d).as(file).isInstanceOf(Decoded.Bad.class);
      assertThat(((Decoded.Bad<InfoDocument>) d).reason()).as(file).contains(reason);
    });
  }

  @Test
  void fileReferencesNeverBringFileContentIntoAResult(@TempDir Path tmp) throws IOException {
    Path secret = Files.writeString(tmp.resolve("secret.txt"), "muster-secret-4f1c");
    List<String> rewritten = new ArrayList<>();
    for (Path attack : attacks().toList()) {
      String xml = Files.readString(attack);
      if (!xml.contains("file:///etc/hostname")) continue;
      rewritten.add(attack.getFileName().toString());
      byte[] payload = xml.replace("file:///etc/hostname", secret.toUri().toString()).getBytes(StandardCharsets.UTF_8);
      assertAllBadWithout(decodeEverywhere(payload), Pattern.compile("muster-secret"));
    }
    assertThat(rewritten).contains("xxe-file.xml", "xinclude-file.xml");
  }

  @Test
  void networkReferencesNeverOpenAConnection() throws IOException {
    try (ServerSocket trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<String> rewritten = new ArrayList<>();
      for (Path attack : attacks().toList()) {
        String xml = Files.readString(attack);
        if (!xml.contains("127.0.0.1:9/")) continue;
        rewritten.add(attack.getFileName().toString());
        byte[] payload = xml.replace("127.0.0.1:9/", "127.0.0.1:" + trap.getLocalPort() + "/").getBytes(StandardCharsets.UTF_8);
        assertAllBadWithout(decodeEverywhere(payload), Pattern.compile("(?!)"));
      }
      assertThat(rewritten).contains("xxe-parameter-oob.xml", "dtd-external-subset.xml");
      trap.setSoTimeout(300);
      try (Socket connected = trap.accept()) {
        throw new AssertionError("a decoder connected to " + trap.getLocalSocketAddress() + " from " + connected.getRemoteSocketAddress());
      } catch (SocketTimeoutException expected) {
        // nobody connected
      }
    }
  }

  /** The host name the xxe payloads point at, as a whole word; a never-matching pattern if unreadable. */
  static Pattern hostnamePattern() {
    try {
      String host = Files.readString(Path.of("/etc/hostname")).strip();
      if (!host.isEmpty()) return Pattern.compile("\\b" + Pattern.quote(host) + "\\b");
    } catch (IOException e) {
      // no /etc/hostname: the rewritten-secret test still covers leaks
    }
    return Pattern.compile("(?!)");
  }

  static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
