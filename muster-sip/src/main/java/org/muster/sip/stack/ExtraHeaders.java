package org.muster.sip.stack;

import gov.nist.javax.sip.header.HeaderFactoryImpl;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Message;

/**
 * Puts Muster's extra {@code Name: value} pairs on a message, each parsed by the stack's header
 * parser (so Warning, Contact with parameters, P-Asserted-Identity or Expires become typed headers).
 * The first extra header of a name the message already carries replaces it (e.g. a REGISTER's
 * Contact with feature tags replaces the endpoint's own Contact); further ones are added.
 */
final class ExtraHeaders {
  private ExtraHeaders() {}

  /**
   * Applies {@code extra} to {@code message}, skipping headers that do not parse.
   *
   * @return one line per skipped header (empty when all went on)
   */
  static List<String> apply(Message message, List<SipRequest.Header> extra, HeaderFactory factory) {
    List<String> problems = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (SipRequest.Header h : extra) {
      List<Header> parsed;
      try {
        parsed = parse(h, factory);
      } catch (ParseException e) {
        problems.add(e.getMessage());
        continue;
      }
      for (Header header : parsed) {
        boolean first = seen.stream().noneMatch(n -> HeaderNames.same(n, h.name()));
        seen.add(h.name());
        if (first && message.getHeader(header.getName()) != null) {
          message.setHeader(header);
        } else {
          message.addHeader(header);
        }
      }
    }
    return problems;
  }

  /** One header, or several when the value is a comma list of a list header (Allow, Contact). */
  private static List<Header> parse(SipRequest.Header h, HeaderFactory factory)
      throws ParseException {
    if (h.name() == null || h.value() == null || h.name().isBlank()) {
      throw new ParseException("header without name or value: " + h, 0);
    }
    if ((h.name() + h.value()).chars().anyMatch(c -> c == '\r' || c == '\n')) {
      throw new ParseException("line break in header " + h.name(), 0);
    }
    String name = h.name().trim();
    String value = h.value().trim();
    try {
      return List.of(factory.createHeader(name, value));
    } catch (ParseException e) {
      boolean commaList = String.valueOf(e.getMessage()).startsWith("Only singleton");
      if (commaList && factory instanceof HeaderFactoryImpl impl) {
        List<Header> headers = new ArrayList<>();
        for (Object o : impl.createHeaders(name + ":" + value)) headers.add((Header) o);
        return headers;
      }
      ParseException named = new ParseException("bad " + h.name() + " header: " + e.getMessage(), 0);
      named.initCause(e);
      throw named;
    }
  }
}
