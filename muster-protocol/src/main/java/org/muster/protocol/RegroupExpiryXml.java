package org.muster.protocol;

import jakarta.xml.bind.JAXBElement;
import java.util.List;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.muster.core.flow.RegroupExpiry;
import org.muster.protocol.decode.Decoded;

/**
 * The Muster extension element of a create's {@code <mcpttregroup-Params>} (docs/wire-profile.md):
 * {@code <expires xmlns="urn:muster:ns:regroupExpiry:1.0">PT30M</expires>}, an ISO-8601 duration
 * after forming or an instant, at most once; in the schema's {@code xs:any namespace="##other"}
 * slot, so a profile-only reader skips it.
 */
final class RegroupExpiryXml {
  static final String NAMESPACE = "urn:muster:ns:regroupExpiry:1.0";
  static final QName NAME = new QName(NAMESPACE, "expires");

  private RegroupExpiryXml() {}

  static String text(RegroupExpiry e) {
    return e instanceof RegroupExpiry.After a ? a.duration().toString() : ((RegroupExpiry.At) e).instant().toString();
  }

  static boolean present(List<Object> any) {
    return any.stream().anyMatch(RegroupExpiryXml::isExpires);
  }

  /** The expiry among the wildcard children {@code any} (other extensions are skipped); bad when it is repeated or unreadable. */
  static Decoded<Optional<RegroupExpiry>> read(List<Object> any) {
    List<Object> found = any.stream().filter(RegroupExpiryXml::isExpires).toList();
    if (found.isEmpty()) return Decoded.ok(Optional.empty());
    if (found.size() > 1) return Decoded.bad("expires", "appears more than once");
    Object o = found.get(0);
    String text = o instanceof org.w3c.dom.Element el ? el.getTextContent() : String.valueOf(((JAXBElement<?>) o).getValue());
    try {
      return Decoded.ok(Optional.of(RegroupExpiry.parse(text)));
    } catch (IllegalArgumentException e) {
      return Decoded.bad("expires", e.getMessage().replaceFirst("^expires: ", ""));
    }
  }

  private static boolean isExpires(Object o) {
    if (o instanceof org.w3c.dom.Element el) return NAMESPACE.equals(el.getNamespaceURI()) && "expires".equals(el.getLocalName());
    return o instanceof JAXBElement<?> e && e.getName().equals(NAME);
  }
}
