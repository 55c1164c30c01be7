package org.muster.sip.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.muster.core.id.McServiceClient;
import org.muster.core.regroup.MemberReport;

/**
 * Topology hiding in member reports: each client's registered Contact (an address of its trust
 * domain) becomes an opaque token, {@code sip:c-TOKEN@DOMAIN} with the reporting system's domain.
 * A token is an HMAC-SHA256 of the domain and the Contact under a key of this gateway process, cut
 * to 128 bits: the same client always gets the same token (so the far side can tell its steps
 * apart and together), nobody without the key can compute or reverse one. Addresses written into a
 * step's free-text detail are blanked too. Call-IDs (which name the sender's host) are mapped the
 * same way ({@link #callId}): a request sent again with its Call-ID is relayed with the same one.
 */
final class OpaqueTokens {
  /** IPv4 and bracketed IPv6 addresses with an optional port, and any HOST:PORT. */
  private static final Pattern ADDRESS = Pattern.compile(
      "\\[[0-9A-Fa-f:.]+](:\\d+)?|\\b\\d{1,3}(\\.\\d{1,3}){3}(:\\d+)?\\b|\\b[A-Za-z0-9][A-Za-z0-9.-]*:\\d{1,5}\\b");
  static final String HIDDEN = "[hidden]";
  private final byte[] key;

  OpaqueTokens() {
    this(newKey());
  }

  OpaqueTokens(byte[] key) {
    this.key = key.clone();
  }

  private static byte[] newKey() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return k;
  }

  /** The opaque stand-in for {@code contact}, a client of {@code domain}. */
  String token(String domain, String contact) {
    return "sip:c-" + mac("client\n" + domain + "\n" + contact) + "@" + domain;
  }

  /** The Call-ID a request relayed by gateway {@code gateway} carries on, for its Call-ID {@code callId}. */
  String callId(String callId, String gateway) {
    return mac("call\n" + callId) + "@" + gateway;
  }

  private String mac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] h = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(h, 16));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** {@code report} with every client replaced by its token and every address in a detail blanked. */
  MemberReport hide(MemberReport report) {
    String domain = report.reportingSystem();
    return new MemberReport(report.regroupGroup(), report.service(), domain, report.stream(), report.sequence(),
        report.steps().stream().map(e -> new MemberReport.Entry(
            new McServiceClient(e.client().user(), token(domain, e.client().contact())),
            new org.muster.core.regroup.MemberStep(e.step().state(), e.step().at(), blank(e.step().detail())))).toList());
  }

  /** {@code text} with every address (IP, IP:port, HOST:PORT) replaced by {@link #HIDDEN}; identities stay. */
  static String blank(String text) {
    return ADDRESS.matcher(text).replaceAll(HIDDEN);
  }
}
