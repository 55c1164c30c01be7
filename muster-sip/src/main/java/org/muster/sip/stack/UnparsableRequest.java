package org.muster.sip.stack;

import gov.nist.javax.sip.SIPConstants;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.address.GenericURI;
import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.ViaList;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.ParserFactory;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sip.message.Request;

/**
 * A request that cannot be served as sent (the parser refused it, or it lacks a header every
 * request carries, RFC 3261 8.1.1) but whose Via says where an answer goes. It stands in for the
 * request on its way through the RI, so that it is answered {@code 400} on every transport
 * ({@link TransactionValve} takes it out of the transaction layer; {@link StackListener} answers
 * it statelessly). Without it the RI drops such requests silently: on TCP always, on UDP whenever
 * From, To, Call-ID or CSeq is missing or mangled (RFC 4475 3.3.1, PROTOS c07-sip).
 *
 * <p>It carries what could be read: the Via headers (which must parse, or nothing is answered),
 * and From, To, Call-ID, CSeq and Content-Length where they parse. Where one is missing or mangled
 * it holds a stand-in value in the reserved {@code .invalid} domain (RFC 2606), so the answer is
 * a well-formed response whose Via and CSeq the client can match. An ACK is never answered.
 */
final class UnparsableRequest extends SIPRequest {
  private static final long serialVersionUID = 1L;
  /** RFC 3261 25.1 token, the syntax of a method name. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9.!%*_+`'~-]+");
  private static final String NOWHERE = "sip:unknown.invalid";
  private static final String[] MANDATORY = {"From", "To", "Call-ID", "CSeq", "Max-Forwards", "Via"};

  private final String problem;

  /** Bounds the problem's text, which goes into the answer's reason phrase and Warning. */
  private static final int MAX_PROBLEM = 160;

  private UnparsableRequest(String problem) {
    String line = problem.replaceAll("[^\\x20-\\x7e]+", " ").replace('\\', '/');
    this.problem = line.length() > MAX_PROBLEM ? line.substring(0, MAX_PROBLEM) + "..." : line;
  }

  /** What is wrong with the request, one line, for the answer's Warning. */
  String problem() {
    return problem;
  }

  /**
   * The mandatory header (RFC 3261 8.1.1) that {@code request} lacks, or empty when it has them
   * all. Max-Forwards is not asked of an RFC 2543 request (a Via branch without the magic cookie):
   * RFC 2543 did not require it, and RFC 4475 3.4.1 expects such a request to be served.
   */
  static Optional<String> missingHeader(SIPRequest request) {
    for (String name : MANDATORY) {
      if (request.getHeader(name) == null && !(name.equals("Max-Forwards") && isRfc2543(request))) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  private static boolean isRfc2543(SIPRequest request) {
    String branch = request.getTopmostVia() == null ? null : request.getTopmostVia().getBranch();
    return branch == null || !branch.regionMatches(true, 0, SIPConstants.BRANCH_MAGIC_COOKIE, 0, SIPConstants.BRANCH_MAGIC_COOKIE.length());
  }

  /**
   * A stand-in for the request at the start of {@code message}, or empty when there is nothing to
   * answer: an answer, an ACK, or a request without a Via that parses.
   */
  static Optional<UnparsableRequest> of(byte[] message, String problem) {
    if (message == null || message.length == 0) return Optional.empty();
    String[] lines = RawRequestChecks.headerLines(message);
    if (lines.length == 0 || lines[0].startsWith("SIP/")) return Optional.empty();
    Map<String, String> single = new LinkedHashMap<>();
    ViaList vias = new ViaList();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) continue;
      String name = HeaderNames.aliases(lines[i].substring(0, colon)).get(0).toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim();
      if (name.equals("via")) {
        if (!(parse("Via", value) instanceof ViaList list)) return Optional.empty();
        vias.addAll(list);
      } else {
        single.putIfAbsent(name, value);
      }
    }
    if (vias.isEmpty()) return Optional.empty();
    CSeq cseq = parse("CSeq", single.get("cseq")) instanceof CSeq c ? c : null;
    String[] requestLine = lines[0].trim().split("[ \\t]+", 3);
    String method = TOKEN.matcher(requestLine[0]).matches() ? requestLine[0]
        : cseq != null ? cseq.getMethod() : "UNKNOWN";
    if (method.equalsIgnoreCase(Request.ACK) || cseq != null && Request.ACK.equalsIgnoreCase(cseq.getMethod())) {
      return Optional.empty();
    }
    UnparsableRequest request = new UnparsableRequest(problem);
    try {
      request.setRequestLine(new RequestLine(uri(requestLine.length > 1 ? requestLine[1] : NOWHERE), method));
      request.setHeader(vias);
      request.setHeader(parse("From", single.get("from")) instanceof From f ? f : header("From", "<sip:unknown@unknown.invalid>;tag=0"));
      request.setHeader(parse("To", single.get("to")) instanceof To t ? t : header("To", "<sip:unknown@unknown.invalid>"));
      request.setHeader(parse("Call-ID", single.get("call-id")) instanceof CallID id ? id : header("Call-ID", "unknown.invalid"));
      request.setHeader(cseq != null ? cseq : header("CSeq", "1 " + method));
      // On TCP the RI frames the next message by it.
      if (parse("Content-Length", single.get("content-length")) instanceof ContentLength length) {
        request.setHeader(length);
      }
    } catch (ParseException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.of(request);
  }

  private static GenericURI uri(String text) throws ParseException {
    try {
      return (GenericURI) new AddressFactoryImpl().createURI(text);
    } catch (ParseException | RuntimeException e) {
      return (GenericURI) new AddressFactoryImpl().createURI(NOWHERE);
    }
  }

  /** The header parsed by the RI's parser for it, or null when absent or it does not parse. */
  private static SIPHeader parse(String name, String value) {
    if (value == null) return null;
    try {
      return header(name, value);
    } catch (ParseException | RuntimeException e) {
      return null;
    }
  }

  private static SIPHeader header(String name, String value) throws ParseException {
    return ParserFactory.createParser(name + ": " + value + "\n").parse();
  }
}
