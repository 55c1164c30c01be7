package org.muster.protocol;

import java.util.Optional;
import org.muster.core.id.McService;
import org.muster.protocol.mime.MediaType;

/**
 * The MIME types of WIRE.md bodies; "the MC service of a request is given by the MIME types of
 * its body". Comparisons ignore case and parameters.
 */
public final class BodyTypes {
  /** Affiliation PUBLISH bodies. */
  public static final String PIDF = "application/pidf+xml";

  /** Regroup requests and notifications: info part then regroup part. */
  public static final String MULTIPART_MIXED = "multipart/mixed";

  /**
   * Muster's member report, partner server to primary server (an extension beyond WIRE.md:
   * {@link MemberReportBody}).
   */
  public static final String MEMBER_REPORT = "application/vnd.muster.member-report+xml";

  /**
   * Muster's partner release, partner server to primary server (an extension beyond WIRE.md:
   * {@link PartnerReleaseBody}).
   */
  public static final String PARTNER_RELEASE = "application/vnd.muster.partner-release+xml";

  /**
   * Muster's group configuration, one MC system's group management server to a partner's (an
   * extension beyond WIRE.md: {@link GroupConfigurationBody}).
   */
  public static final String GROUP_CONFIGURATION = "application/vnd.muster.group-configuration+xml";

  /**
   * Muster's group document, one MC service group as an operator reads and writes it at the group
   * management server (an extension beyond WIRE.md: {@link GroupDocumentBody}).
   */
  public static final String GROUP_DOCUMENT = "application/vnd.muster.group+xml";

  private BodyTypes() {}

  /** True for {@link #MEMBER_REPORT} with any parameters. */
  public static boolean isMemberReport(String contentType) {
    return essence(contentType).filter(MEMBER_REPORT::equals).isPresent();
  }

  /** True for {@link #PARTNER_RELEASE} with any parameters. */
  public static boolean isPartnerRelease(String contentType) {
    return essence(contentType).filter(PARTNER_RELEASE::equals).isPresent();
  }

  /** True for {@link #GROUP_CONFIGURATION} with any parameters. */
  public static boolean isGroupConfiguration(String contentType) {
    return essence(contentType).filter(GROUP_CONFIGURATION::equals).isPresent();
  }

  /** True for {@link #GROUP_DOCUMENT} with any parameters. */
  public static boolean isGroupDocument(String contentType) {
    return essence(contentType).filter(GROUP_DOCUMENT::equals).isPresent();
  }

  /** {@code application/vnd.3gpp.mcptt-info+xml} and the MCVideo/MCData equivalents. */
  public static String info(McService service) {
    return "application/vnd.3gpp." + service.word() + "-info+xml";
  }

  /** {@code application/vnd.3gpp.mcptt-regroup+xml} and the MCVideo/MCData equivalents. */
  public static String regroup(McService service) {
    return "application/vnd.3gpp." + service.word() + "-regroup+xml";
  }

  /** The service whose info type {@code contentType} is, if it is one. */
  public static Optional<McService> infoService(String contentType) {
    return essence(contentType).flatMap(e -> match(e, "-info+xml"));
  }

  /** The service whose regroup type {@code contentType} is, if it is one. */
  public static Optional<McService> regroupService(String contentType) {
    return essence(contentType).flatMap(e -> match(e, "-regroup+xml"));
  }

  /** True for {@code multipart/mixed} with any parameters. */
  public static boolean isMultipartMixed(String contentType) {
    return essence(contentType).filter(MULTIPART_MIXED::equals).isPresent();
  }

  /** {@code type/subtype} in lower case, if {@code contentType} parses. */
  static Optional<String> essence(String contentType) {
    return MediaType.parse(contentType).map(MediaType::essence);
  }

  private static Optional<McService> match(String essence, String suffix) {
    for (McService s : McService.values()) {
      if (essence.equals("application/vnd.3gpp." + s.word() + suffix)) return Optional.of(s);
    }
    return Optional.empty();
  }
}
