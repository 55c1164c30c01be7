package org.muster.sip.stack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an endpoint whose handler answers 200 to everything sends back to each torture message, as
 * observed: "UDP / TCP", each the final status code or "-" for no answer. README.md ("Torture
 * messages") explains each row; change both together. The messages go in file order to one
 * endpoint per transport, so a message that matches an earlier one's transaction (RFC 3261
 * 17.2.3: same branch, sent-by and method) gets that transaction's answer again.
 */
final class TortureTable {
  static final Map<String, String> EXPECTED = new LinkedHashMap<>();

  static {
    // RFC 4475 3.1.1: valid, must be accepted.
    row("rfc4475/wsinv.dat", "200 / 200");
    row("rfc4475/intmeth.dat", "200 / 200");
    row("rfc4475/esc01.dat", "200 / 200");
    row("rfc4475/escnull.dat", "200 / 200");
    row("rfc4475/esc02.dat", "200 / 200");
    row("rfc4475/lwsdisp.dat", "200 / 200");
    row("rfc4475/longreq.dat", "200 / 200");
    row("rfc4475/dblreq.dat", "200 / 200");
    row("rfc4475/semiuri.dat", "200 / 200");
    row("rfc4475/transports.dat", "200 / 200");
    row("rfc4475/mpart01.dat", "200 / 200");
    row("rfc4475/unreason.dat", "- / -"); // a response: nothing to answer
    row("rfc4475/noreason.dat", "- / -"); // a response: nothing to answer
    // RFC 4475 3.1.2: invalid, 400 (on TCP not where the framing is lost or the Via is unreadable).
    row("rfc4475/badinv01.dat", "400 / -");
    row("rfc4475/clerr.dat", "400 / -");
    row("rfc4475/ncl.dat", "400 / -");
    row("rfc4475/scalar02.dat", "400 / 400");
    row("rfc4475/scalarlg.dat", "- / -"); // a response: discarded
    row("rfc4475/quotbal.dat", "400 / 400");
    row("rfc4475/ltgtruri.dat", "400 / 400");
    row("rfc4475/lwsruri.dat", "400 / 400");
    row("rfc4475/lwsstart.dat", "400 / 400");
    row("rfc4475/trws.dat", "400 / 400");
    row("rfc4475/escruri.dat", "400 / 400");
    row("rfc4475/baddate.dat", "400 / 400");
    row("rfc4475/regbadct.dat", "400 / 400");
    row("rfc4475/badaspec.dat", "400 / 400");
    row("rfc4475/baddn.dat", "400 / 400");
    row("rfc4475/badvers.dat", "505 / 505");
    row("rfc4475/mismatch01.dat", "400 / 400");
    row("rfc4475/mismatch02.dat", "400 / 400");
    row("rfc4475/bigcode.dat", "- / -"); // a response: discarded
    // RFC 4475 3.2: transaction layer.
    row("rfc4475/badbranch.dat", "200 / 200");
    // RFC 4475 3.3: application layer.
    row("rfc4475/insuf.dat", "400 / 400"); // no From, To, Call-ID, Max-Forwards
    row("rfc4475/unkscm.dat", "416 / 416");
    row("rfc4475/novelsc.dat", "416 / 416");
    row("rfc4475/unksm2.dat", "200 / 200");
    row("rfc4475/bext01.dat", "420 / 420");
    row("rfc4475/invut.dat", "200 / 200"); // 415 is the handler's to give
    row("rfc4475/regaut01.dat", "200 / 200"); // 401 is the handler's to give
    row("rfc4475/multi01.dat", "400 / 400");
    row("rfc4475/mcl01.dat", "400 / 400");
    row("rfc4475/bcast.dat", "- / -"); // a response: discarded
    row("rfc4475/zeromf.dat", "200 / 200");
    row("rfc4475/cparam01.dat", "200 / 200");
    row("rfc4475/cparam02.dat", "200 / 200");
    row("rfc4475/regescrt.dat", "200 / 200");
    row("rfc4475/sdp01.dat", "200 / 200"); // 406 is the handler's to give
    // RFC 4475 3.4: backward compatibility.
    row("rfc4475/inv2543.dat", "200 / 200");
    // RFC 5118: IPv6.
    row("rfc5118/ipv6-good", "200 / 200");
    row("rfc5118/ipv6-bad", "400 / 400");
    row("rfc5118/port-ambiguous", "200 / 200");
    row("rfc5118/port-unambiguous", "200 / 200");
    row("rfc5118/via-received-param-with-delim", "200 / 200");
    row("rfc5118/via-received-param-no-delim", "200 / 200");
    row("rfc5118/ipv6-in-sdp", "200 / 200");
    row("rfc5118/mult-ip-in-header", "200 / 200");
    row("rfc5118/mult-ip-in-sdp", "200 / 200");
    row("rfc5118/ipv4-mapped-ipv6", "200 / 200");
    row("rfc5118/ipv6-bug-abnf-3-colons", "400 / 400"); // RFC 5954 grammar: see README
    row("rfc5118/ipv6-correct-abnf-2-colons", "200 / 200");
  }

  private TortureTable() {}

  private static void row(String file, String answers) {
    EXPECTED.put(file, answers);
  }

  /** The code of the first final status line, or "-" when none came. */
  static String finalStatus(List<String> statusLines) {
    return statusLines.stream()
        .map(l -> l.substring("SIP/2.0 ".length()).split(" ", 2)[0])
        .filter(code -> !code.startsWith("1"))
        .findFirst()
        .orElse("-");
  }
}
