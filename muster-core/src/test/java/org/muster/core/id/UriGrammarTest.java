package org.muster.core.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link SipUri#isValid} reads identities in one pass; this checks it against the grammar it
 * implements, written as a regular expression, on hand-picked edge cases and on a million random
 * strings built from the characters that matter.
 */
class UriGrammarTest {
  static final Pattern GRAMMAR = Pattern.compile(
      "^sips?:(?:[A-Za-z0-9\\-_.!~*'()&=+$,;?/%]+@)?"
          + "(?:[A-Za-z0-9](?:[A-Za-z0-9\\-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9\\-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+\\])"
          + "(?::[0-9]{1,5})?(?:;[A-Za-z0-9\\-_.!~*'()%=]+)*$");

  static boolean grammar(String s) {
    return s != null && s.length() <= 512 && GRAMMAR.matcher(s).matches();
  }

  @Test
  void edgeCasesAgreeWithTheGrammar() {
    String[] cases = {"sip:a@b", "sips:a@b.c", "sip:b", "sip:@b", "sip:a@", "sip:a@-b", "sip:a@b-", "sip:a@b-c", "sip:a@b..c", "sip:a@b.",
        "sip:a@.b", "sip:a@b:5060", "sip:a@b:", "sip:a@b:123456", "sip:a@b:12345", "sip:a@b;x", "sip:a@b;", "sip:a@b;x;y=1",
        "sip:a@b:1;x", "sip:a@[::1]", "sip:a@[]", "sip:a@[::1", "sip:a@[g::1]", "sip:a@[::1]:5060;t=u", "sip:a b@c", "sip:a@b@c",
        "sip:a;x=1@b", "sip:a?b@c", "tel:123", "SIP:a@b", "sip:", "sips:", "", "sip:a@b c", "sip:a@b:50a", "sip:a@B.EXAMPLE",
        "sip:ff1@metro.example", "sip:mcptt-server@north.example;lr", "sip:a@b;=", "sip:%41@b", "sip:a@1.2.3.4:5"};
    for (String c : cases) assertThat(SipUri.isValid(c)).as(c).isEqualTo(grammar(c));
    assertThat(SipUri.isValid(null)).isFalse();
    assertThat(SipUri.isValid("sip:a@" + "b".repeat(520))).isFalse();
  }

  @Test
  void aMillionRandomStringsAgreeWithTheGrammar() {
    String alphabet = "sip:@.-[]:;=aZ09%?/ _!";
    Random r = new Random(20261207);
    for (int i = 0; i < 1_000_000; i++) {
      StringBuilder b = new StringBuilder(r.nextInt(4) == 0 ? "sips:" : "sip:");
      int len = r.nextInt(14);
      for (int k = 0; k < len; k++) b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      String s = b.toString();
      assertThat(SipUri.isValid(s)).as(s).isEqualTo(grammar(s));
    }
  }
}
