package org.muster.protocol;

import jakarta.xml.bind.JAXBElement;
import java.util.ArrayList;
import java.util.List;
import org.muster.core.id.McService;

/**
 * The {@code <affiliation>} elements of the three MC service presence namespaces, read from and
 * written into a pidf {@code <status>}. Three namespaces, three generated classes of one shape.
 */
final class PresInfoXml {
  /** The wanted status; an element without status is wanted too. */
  static final String AFFILIATING = "affiliating";

  /** One affiliation element, whichever namespace it came from. */
  record Affiliation(McService service, String group, String status) {
    boolean wanted() {
      return status == null || status.strip().equals(AFFILIATING);
    }
  }

  private PresInfoXml() {}

  /** The affiliation elements among the bound wildcard content of a status, in order. */
  static List<Affiliation> affiliations(List<Object> statusContent) {
    List<Affiliation> out = new ArrayList<>();
    for (Object o : statusContent) {
      Object v = o instanceof JAXBElement<?> e ? e.getValue() : o;
      if (v instanceof org.muster.protocol.xml.gen.mcpttpresinfo.AffiliationType a) {
        out.add(new Affiliation(McService.MCPTT, a.getGroup(), a.getStatus()));
      } else if (v instanceof org.muster.protocol.xml.gen.mcvideopresinfo.AffiliationType a) {
        out.add(new Affiliation(McService.MCVIDEO, a.getGroup(), a.getStatus()));
      } else if (v instanceof org.muster.protocol.xml.gen.mcdatapresinfo.AffiliationType a) {
        out.add(new Affiliation(McService.MCDATA, a.getGroup(), a.getStatus()));
      }
    }
    return out;
  }

  /** {@code <affiliation group="GROUP" status="affiliating"/>} in the namespace of {@code service}. */
  static JAXBElement<?> affiliating(McService service, String group) {
    switch (service) {
      case MCPTT -> {
        var f = new org.muster.protocol.xml.gen.mcpttpresinfo.ObjectFactory();
        var a = f.createAffiliationType();
        a.setGroup(group);
        a.setStatus(AFFILIATING);
        return f.createAffiliation(a);
      }
      case MCVIDEO -> {
        var f = new org.muster.protocol.xml.gen.mcvideopresinfo.ObjectFactory();
        var a = f.createAffiliationType();
        a.setGroup(group);
        a.setStatus(AFFILIATING);
        return f.createAffiliation(a);
      }
      default -> {
        var f = new org.muster.protocol.xml.gen.mcdatapresinfo.ObjectFactory();
        var a = f.createAffiliationType();
        a.setGroup(group);
        a.setStatus(AFFILIATING);
        return f.createAffiliation(a);
      }
    }
  }
}
