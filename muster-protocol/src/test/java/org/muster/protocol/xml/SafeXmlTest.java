package org.muster.protocol.xml;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.xml.bind.JAXBContext;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.Test;
import org.muster.protocol.decode.Decoded;

class SafeXmlTest {
  static final JAXBContext INFO = SafeXml.context(org.muster.protocol.xml.gen.mcpttinfo.ObjectFactory.class);
  static final QName ROOT = new QName("urn:3gpp:ns:mcpttInfo:1.0", "mcpttinfo");

  static Decoded<BoundXml> read(String xml, XmlLimits limits) {
    return SafeXml.read(xml.getBytes(StandardCharsets.UTF_8), limits, INFO, Set.of(ROOT), "mcpttinfo");
  }

  static String nested(int depth) {
    return "<mcpttinfo xmlns=\"urn:3gpp:ns:mcpttInfo:1.0\">" + "<e>".repeat(depth - 1) + "</e>".repeat(depth - 1) + "</mcpttinfo>";
  }

  @Test
  void depthIsBoundedAtExactlyTheLimit() {
    assertThat(read(nested(32), XmlLimits.WIRE).isOk()).isTrue();
    assertThat(read(nested(33), XmlLimits.WIRE)).isEqualTo(Decoded.bad("body", "nested deeper than 32 elements"));
  }

  @Test
  void attributesAndElementsAreCounted() {
    XmlLimits small = new XmlLimits(64 * 1024, 32, 3, 5);
    assertThat(read("<mcpttinfo xmlns=\"urn:3gpp:ns:mcpttInfo:1.0\" a=\"1\" b=\"2\"/>", small).isOk()).isTrue();
    assertThat(read("<mcpttinfo xmlns=\"urn:3gpp:ns:mcpttInfo:1.0\" a=\"1\" b=\"2\" c=\"3\"/>", small)).isInstanceOf(Decoded.Bad.class);
    assertThat(read("<mcpttinfo xmlns=\"urn:3gpp:ns:mcpttInfo:1.0\"><a/><b/><c/><d/></mcpttinfo>", small).isOk()).isTrue();
    assertThat(read("<mcpttinfo xmlns=\"urn:3gpp:ns:mcpttInfo:1.0\"><a/><b/><c/><d/><e/></mcpttinfo>", small))
        .isEqualTo(Decoded.bad("body", "more than 5 elements"));
  }

  @Test
  void anyDoctypeIsRefusedAndUndeclaredEntitiesAreNotWellFormed() {
    assertThat(read("<!DOCTYPE mcpttinfo><mcpttinfo xmlns=\"urn:3gpp:ns:mcpttInfo:1.0\"/>", XmlLimits.WIRE))
        .isEqualTo(Decoded.bad("body", "DOCTYPE is not allowed"));
    Decoded<BoundXml> entity = read("<mcpttinfo xmlns=\"urn:3gpp:ns:mcpttInfo:1.0\">&ent;</mcpttinfo>", XmlLimits.WIRE);
    assertThat(entity).isInstanceOf(Decoded.Bad.class);
    assertThat(((Decoded.Bad<BoundXml>) entity).field()).isEqualTo("body");
  }

  @Test
  void predefinedEntitiesCharacterReferencesCommentsAndPisAreFine() {
    String xml = "<?xml version=\"1.0\"?><!-- c --><?pi x?><mcpttinfo xmlns=\"urn:3gpp:ns:mcpttInfo:1.0\"><x>&amp;&lt;&#65;</x><![CDATA[z]]></mcpttinfo>";
    assertThat(read(xml, XmlLimits.WIRE).isOk()).isTrue();
  }

  @Test
  void anUnexpectedRootIsNamedWithoutBinding() {
    assertThat(read("<other xmlns=\"urn:x\"/>", XmlLimits.WIRE))
        .isEqualTo(Decoded.bad("mcpttinfo", "expected as root, found <other> in namespace 'urn:x'"));
  }

  @Test
  void sizeAndEmptinessAreCheckedFirst() {
    assertThat(read(nested(2), XmlLimits.WIRE.withMaxBytes(10))).isEqualTo(Decoded.bad("body", "larger than 10 bytes"));
    assertThat(SafeXml.read(new byte[0], XmlLimits.WIRE, INFO, Set.of(ROOT), "mcpttinfo")).isEqualTo(Decoded.bad("body", "empty"));
  }
}
