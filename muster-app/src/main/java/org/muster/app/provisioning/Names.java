package org.muster.app.provisioning;

import java.util.regex.Pattern;

/** The name formats of the provisioning file: short names, DNS names, listen and peer hosts. */
final class Names {
  /** How a short name is written, for messages. */
  static final String SHORT_NAME_RULE = "lower-case letters, digits and '-', such as metro";

  /** A system or partner short name: lower-case letters, digits and '-', e.g. {@code metro}. */
  private static final Pattern SHORT_NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

  // RFC 1123 2.1 host name: labels of letters, digits and '-', not starting or ending with '-'.
  private static final Pattern DNS_NAME =
      Pattern.compile("(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");

  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

  private Names() {}

  static boolean isShortName(String text) {
    return SHORT_NAME.matcher(text).matches();
  }

  static boolean isDnsName(String text) {
    return text.length() <= 253 && DNS_NAME.matcher(text).matches();
  }

  /** A host name, an IPv4 address (which also matches a DNS name) or an IPv6 address. */
  static boolean isHost(String text) {
    return isDnsName(text) || (text.contains(":") && IPV6.matcher(text).matches());
  }
}
