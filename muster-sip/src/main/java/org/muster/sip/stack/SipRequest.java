package org.muster.sip.stack;

import java.util.List;
import java.util.Optional;

/**
 * An incoming SIP request as Muster sees it, detached from JAIN-SIP types. Exactly one final
 * answer must be sent with {@link #respond}; it may be sent from any thread, later.
 */
public interface SipRequest {
  String method();

  /** The Request-URI as text, e.g. {@code sip:mcptt-server@metro.example}. */
  String requestUri();

  /** The URI of the From header (no display name, no parameters of the header). */
  String fromUri();

  /** The URI of the To header. */
  String toUri();

  String callId();

  /** The first value of a header (by name, case-insensitive, compact forms understood). */
  Optional<String> header(String name);

  /** All values of a header, in order. */
  List<String> headers(String name);

  /** The Expires header value, if any. */
  Optional<Integer> expires();

  /** The Contact headers of the request; empty if none. */
  List<Contact> contacts();

  /** The P-Asserted-Identity URI, if present. */
  Optional<String> assertedIdentity();

  /** The Content-Type header as sent ({@code type/subtype;params}), if any. */
  Optional<String> contentType();

  /** The body bytes (empty array when none). */
  byte[] body();

  /** "UDP" or "TCP". */
  String transport();

  /** Source IP address and port of the request as received. */
  String sourceAddress();

  int sourcePort();

  /**
   * The flow the request came over (RFC 5626 3): transport, source address and port, and for TCP
   * (and TLS) the connection itself, so that a new connection from the same port is another flow.
   */
  String flow();

  /** The {@code Authorization: Digest} answers the request carries, in order. */
  List<DigestAnswer> digestAnswers();

  /** Sends the final answer. {@code headers} are extra "Name: value" pairs (e.g. Warning). */
  void respond(int status, String reason, List<Header> headers);

  /**
   * Leaves the request unanswered and forgets it (its server transaction ends at once), for
   * requests dropped by a limit: a retransmission then arrives as a new request.
   */
  void drop();

  default void respond(int status, String reason) {
    respond(status, reason, List.of());
  }

  /** One Contact header value: its URI, its header parameters (feature tags, expires). */
  record Contact(String uri, java.util.Map<String, String> params) {
    /** True when the Contact carries the feature tag (e.g. {@code +g.3gpp.mcptt}). */
    public boolean hasParam(String name) {
      return params.containsKey(name.toLowerCase());
    }

    public Optional<Integer> expires() {
      String v = params.get("expires");
      if (v == null) return Optional.empty();
      try {
        return Optional.of(Integer.parseInt(v.trim()));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }

  /** An extra header on an answer or request. */
  record Header(String name, String value) {}
}
