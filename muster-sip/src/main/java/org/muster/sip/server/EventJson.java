package org.muster.sip.server;

import org.muster.core.regroup.RegroupEvent;

/** One regroup event as a JSON line (the event stream of issue 3 item 8). */
public final class EventJson {
  private EventJson() {}

  public static String line(RegroupEvent e) {
    StringBuilder b = new StringBuilder(160).append('{');
    field(b, "at", e.at().toString()).append(',');
    field(b, "kind", e.kind().name()).append(',');
    field(b, "regroupGroup", e.regroupGroup().uri()).append(',');
    field(b, "service", e.service().name());
    e.client().ifPresent(c -> {
      b.append(',');
      field(b, "user", c.user().uri()).append(',');
      field(b, "client", c.contact());
    });
    e.memberState().ifPresent(s -> field(b.append(','), "state", s.name()));
    field(b.append(','), "detail", e.detail());
    return b.append('}').toString();
  }

  private static StringBuilder field(StringBuilder b, String name, String value) {
    b.append('"').append(name).append("\":\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.append('"');
  }
}
