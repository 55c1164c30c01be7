package org.muster.protocol;

import org.muster.protocol.decode.Decoded;
import java.util.List;
import java.util.Optional;
import org.muster.core.id.McService;
import org.muster.protocol.mime.MediaType;
import org.muster.protocol.mime.Multipart;
import org.muster.protocol.xml.XmlLimits;

/**
 * Regroup request, cancel request and notification bodies (WIRE.md "Regroup bodies"):
 * {@code multipart/mixed} with the info part then the regroup part, or the regroup part alone.
 * A Bad on field {@code Content-Type} means the body is not a regroup body at all (answer 415);
 * any other Bad is a malformed regroup body (answer 400).
 */
public final class RegroupBody {
  private RegroupBody() {}

  /** True for the Content-Types {@link #decode} reads: multipart/mixed and the three regroup types. */
  public static boolean isRegroupContentType(String contentType) {
    return BodyTypes.isMultipartMixed(contentType) || BodyTypes.regroupService(contentType).isPresent();
  }

  /**
   * The service named by a single-part Content-Type (regroup or info type of a service); empty
   * for multipart/mixed, whose service is only known from its parts, and for other types.
   */
  public static Optional<McService> serviceOf(String contentType) {
    return BodyTypes.regroupService(contentType).or(() -> BodyTypes.infoService(contentType));
  }

  public static Decoded<RegroupDocument> decode(String contentType, byte[] body) {
    return decode(contentType, body, XmlLimits.WIRE);
  }

  static Decoded<RegroupDocument> decode(String contentType, byte[] body, XmlLimits limits) {
    Optional<MediaType> type = MediaType.parse(contentType);
    if (type.isEmpty()) return Decoded.bad("Content-Type", "unreadable: " + Decoded.quote(contentType));
    if (body == null || body.length == 0) return Decoded.bad("body", "empty");
    if (body.length > limits.maxBytes()) return Decoded.bad("body", "larger than " + limits.maxBytes() + " bytes");
    if (type.get().essence().equals(BodyTypes.MULTIPART_MIXED)) {
      return Multipart.parse(type.get(), body).flatMap(parts -> fromParts(parts, limits));
    }
    Optional<McService> single = BodyTypes.regroupService(contentType);
    if (single.isEmpty()) return Decoded.bad("Content-Type", "not a regroup body: " + Decoded.quote(contentType));
    return RegroupXml.decode(body, limits, single.get());
  }

  private static Decoded<RegroupDocument> fromParts(List<Multipart.Part> parts, XmlLimits limits) {
    if (parts.size() != 2) {
      return Decoded.bad("multipart", "expected 2 parts (info, then regroup), found " + parts.size());
    }
    Multipart.Part infoPart = parts.get(0);
    Multipart.Part regroupPart = parts.get(1);
    Optional<McService> infoService = BodyTypes.infoService(infoPart.contentType());
    if (infoService.isEmpty()) {
      return Decoded.bad("multipart", "part 1 is " + Decoded.quote(infoPart.contentType()) + ", expected an MC service info type");
    }
    Optional<McService> regroupService = BodyTypes.regroupService(regroupPart.contentType());
    if (regroupService.isEmpty()) {
      return Decoded.bad("multipart", "part 2 is " + Decoded.quote(regroupPart.contentType()) + ", expected a regroup type");
    }
    if (infoService.get() != regroupService.get()) {
      return Decoded.bad(
          "multipart", "info part is " + infoService.get().word() + " but regroup part is " + regroupService.get().word());
    }
    McService s = infoService.get();
    return InfoBody.decode(infoPart.body(), limits, Optional.of(s))
        .flatMap(
            info ->
                RegroupXml.decode(regroupPart.body(), limits, s)
                    .map(
                        rg -> new RegroupDocument(
                            s, rg.action(), info.callingUser(), info.requestUri(), info.broadcast(),
                            rg.configurationGroup(), rg.regroupGroup(), rg.targets(), rg.expires())));
  }

  /**
   * The two-part body of {@code doc}: info part (calling user, request URI if present,
   * {@code <broadcast-ind>true</broadcast-ind>} only when broadcast) then regroup part, CRLF
   * line ends, a fresh boundary.
   */
  public static EncodedBody encode(RegroupDocument doc) {
    McService s = doc.service();
    InfoDocument info = new InfoDocument(s, doc.callingUser(), doc.requestUri(), doc.broadcast());
    List<Multipart.Part> parts =
        List.of(
            new Multipart.Part(BodyTypes.info(s), InfoBody.encode(info)),
            new Multipart.Part(BodyTypes.regroup(s), RegroupXml.encode(doc)));
    String boundary = Multipart.newBoundary(parts);
    return new EncodedBody(BodyTypes.MULTIPART_MIXED + ";boundary=" + boundary, Multipart.format(boundary, parts));
  }

  /** The regroup part of {@code doc} alone, as a single-part body. */
  /**
   * Encodes one regroup notification for many targets (a fan-out): the regroup part and the info
   * part are marshalled once; only the info part's request URI differs per target.
   */
  public static final class FanOut {
    private static final String PLACEHOLDER = "sip:muster-fan-out-target@invalid";
    private final String contentType;
    private final String template;

    /** {@code doc} as it goes to every target; its own request URI is ignored. */
    public FanOut(RegroupDocument doc) {
      RegroupDocument each = new RegroupDocument(doc.service(), doc.action(), doc.callingUser(),
          java.util.Optional.of(org.muster.core.id.McServiceId.of(PLACEHOLDER)), doc.broadcast(), doc.configurationGroup(),
          doc.regroupGroup(), doc.targets());
      EncodedBody once = encode(each);
      this.contentType = once.contentType();
      this.template = new String(once.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The body for one target: the same bytes {@link #encode} gives, with that request URI. */
    public EncodedBody forTarget(org.muster.core.id.McServiceId target) {
      String body = template.replace(PLACEHOLDER, escape(target.uri()));
      return new EncodedBody(contentType, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String escape(String uri) {
      return uri.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
    }
  }

  public static EncodedBody encodeSinglePart(RegroupDocument doc) {
    return new EncodedBody(BodyTypes.regroup(doc.service()), RegroupXml.encode(doc));
  }
}
