package org.muster.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.muster.core.id.McService;
import org.muster.protocol.decode.Decoded;
import org.muster.protocol.mime.MediaType;
import org.muster.protocol.mime.Multipart;

/**
 * Coverage-guided fuzz targets for every body decoder, called as the SIP and GMS layers call them
 * (the same public entry points, so the same size and XML limits). The property: a decoder answers
 * any bytes with {@code Decoded.ok} or {@code Decoded.bad} and never throws; a body it accepts
 * encodes again and decodes to the same value, since the server re-sends what it decoded.
 *
 * <p>An input is one header line, then the body: the first line (up to the first LF) is the
 * Content-Type (regroup, multipart) or the PSI's service word (pidf), so a seed is readable text.
 * Without {@code JAZZER_FUZZ} each target replays its seeds in {@code BodyFuzzTestInputs/<method>}
 * in a few milliseconds; README "Fuzzing" says how to fuzz.
 */
class BodyFuzzTest {
  /** The regroup request, cancel and notification body, as RegroupHandler, PartnerHandler and McClient read it. */
  @FuzzTest
  void regroup(byte[] input) {
    String contentType = header(input);
    byte[] body = body(input);
    RegroupBody.isRegroupContentType(contentType);
    RegroupBody.serviceOf(contentType);
    Decoded<RegroupDocument> d = RegroupBody.decode(contentType, body);
    if (d instanceof Decoded.Ok<RegroupDocument> ok) {
      RegroupDocument doc = ok.value();
      EncodedBody again = RegroupBody.encode(doc);
      assertThat(RegroupBody.decode(again.contentType(), again.body())).isEqualTo(d);
      EncodedBody single = RegroupBody.encodeSinglePart(doc);
      assertThat(RegroupBody.decode(single.contentType(), single.body()).isOk()).isTrue();
    } else {
      badMessage(d);
    }
  }

  /** The MC service info body alone (in a request it comes as the first part of a regroup body). */
  @FuzzTest
  void info(byte[] body) {
    Decoded<InfoDocument> d = InfoBody.decode(body);
    if (d instanceof Decoded.Ok<InfoDocument> ok) {
      assertThat(InfoBody.decode(InfoBody.encode(ok.value()))).isEqualTo(d);
    } else {
      badMessage(d);
    }
  }

  /** The affiliation PUBLISH (pidf), as AffiliationHandler reads it; the header line is the PSI's service. */
  @FuzzTest
  void pidf(byte[] input) {
    Optional<McService> psi = McService.fromWord(header(input));
    Decoded<AffiliationDocument> d = AffiliationBody.decode(body(input), psi);
    if (d instanceof Decoded.Ok<AffiliationDocument> ok) {
      // a body without affiliation elements takes its service from the PSI: send it to that one
      McService service = ok.value().service();
      assertThat(AffiliationBody.decode(AffiliationBody.encode(ok.value()), Optional.of(service))).isEqualTo(d);
    } else {
      badMessage(d);
    }
  }

  /** multipart/mixed and the Content-Type grammar under it; parsed parts format and parse again. */
  @FuzzTest
  void multipart(byte[] input) {
    Optional<MediaType> type = MediaType.parse(header(input));
    if (type.isEmpty()) return;
    Decoded<List<Multipart.Part>> d = Multipart.parse(type.get(), body(input));
    if (d instanceof Decoded.Ok<List<Multipart.Part>> ok) {
      List<Multipart.Part> parts = ok.value();
      assertThat(parts).isNotEmpty().hasSizeLessThanOrEqualTo(Multipart.MAX_PARTS);
      String boundary = Multipart.newBoundary(parts);
      MediaType written = MediaType.parse("multipart/mixed;boundary=" + boundary).orElseThrow();
      Decoded<List<Multipart.Part>> again = Multipart.parse(written, Multipart.format(boundary, parts));
      assertThat(again.isOk()).isTrue();
      List<Multipart.Part> reparsed = ((Decoded.Ok<List<Multipart.Part>>) again).value();
      assertThat(reparsed).hasSameSizeAs(parts);
      for (int i = 0; i < parts.size(); i++) {
        assertThat(reparsed.get(i).contentType()).isEqualTo(parts.get(i).contentType().strip());
        assertThat(Arrays.equals(reparsed.get(i).body(), parts.get(i).body())).isTrue();
      }
    } else {
      badMessage(d);
    }
  }

  /** The member report, partner server to primary, as MemberReportHandler reads it. */
  @FuzzTest
  void memberReport(byte[] body) {
    Decoded<org.muster.core.regroup.MemberReport> d = MemberReportBody.decode(MemberReportBody.CONTENT_TYPE, body);
    if (d instanceof Decoded.Ok<org.muster.core.regroup.MemberReport> ok) {
      EncodedBody again = MemberReportBody.encode(ok.value());
      assertThat(MemberReportBody.decode(again.contentType(), again.body())).isEqualTo(d);
    } else {
      badMessage(d);
    }
  }

  /** The group configuration, one GMS to a partner's, as GroupSharing reads it. */
  @FuzzTest
  void groupConfiguration(byte[] body) {
    Decoded<GroupConfigurationDocument> d = GroupConfigurationBody.decode(GroupConfigurationBody.CONTENT_TYPE, body);
    if (d instanceof Decoded.Ok<GroupConfigurationDocument> ok) {
      EncodedBody again = GroupConfigurationBody.encode(ok.value());
      assertThat(GroupConfigurationBody.decode(again.contentType(), again.body())).isEqualTo(d);
    } else {
      badMessage(d);
    }
  }

  /** The group document an operator PUTs at the GMS's HTTP API, as GroupDocuments reads it. */
  @FuzzTest
  void groupDocument(byte[] body) {
    Decoded<GroupDocument> d = GroupDocumentBody.decode(GroupDocumentBody.CONTENT_TYPE, body);
    if (d instanceof Decoded.Ok<GroupDocument> ok) {
      EncodedBody again = GroupDocumentBody.encode(ok.value());
      assertThat(GroupDocumentBody.decode(again.contentType(), again.body())).isEqualTo(d);
    } else {
      badMessage(d);
    }
  }

  /** A rejection must be printable in a Warning header. */
  private static void badMessage(Decoded<?> d) {
    assertThat(((Decoded.Bad<?>) d).message()).isNotBlank();
  }

  private static String header(byte[] input) {
    int eol = indexOfLf(input);
    return new String(input, 0, eol < 0 ? input.length : eol, StandardCharsets.ISO_8859_1);
  }

  private static byte[] body(byte[] input) {
    int eol = indexOfLf(input);
    return eol < 0 ? new byte[0] : Arrays.copyOfRange(input, eol + 1, input.length);
  }

  private static int indexOfLf(byte[] input) {
    for (int i = 0; i < input.length; i++) {
      if (input[i] == '\n') return i;
    }
    return -1;
  }
}
