// HTTP Digest for the console's operator (RFC 7616, algorithm SHA-256, qop=auth): the page answers
// the server's challenge with the MC user's SIP credentials. SHA-256 is computed here (FIPS 180-4),
// since the browser's crypto.subtle is missing on plain-HTTP pages other than localhost.
'use strict';

const MusterDigest = (() => {
  const primes = [];
  for (let n = 2; primes.length < 64; n++) if (primes.every((p) => n % p !== 0)) primes.push(n);
  // the first 32 bits of the fractional parts of the primes' cube roots (K) and square roots (H0)
  const fraction = (x) => ((x - Math.floor(x)) * 0x100000000) >>> 0;
  const K = primes.map((p) => fraction(Math.cbrt(p)));
  const H0 = primes.slice(0, 8).map((p) => fraction(Math.sqrt(p)));
  const rotr = (x, n) => (x >>> n) | (x << (32 - n));

  function sha256(text) {
    const bytes = new TextEncoder().encode(text);
    const length = (((bytes.length + 9 + 63) >> 6) << 6);
    const m = new Uint8Array(length);
    m.set(bytes);
    m[bytes.length] = 0x80;
    const view = new DataView(m.buffer);
    view.setUint32(length - 8, Math.floor(bytes.length / 0x20000000));
    view.setUint32(length - 4, (bytes.length * 8) >>> 0);
    const h = H0.slice();
    const w = new Uint32Array(64);
    for (let block = 0; block < length; block += 64) {
      for (let i = 0; i < 16; i++) w[i] = view.getUint32(block + i * 4);
      for (let i = 16; i < 64; i++) {
        const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
      }
      let [a, b, c, d, e, f, g, k] = h;
      for (let i = 0; i < 64; i++) {
        const t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
        const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
        k = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
      }
      [a, b, c, d, e, f, g, k].forEach((x, i) => { h[i] = (h[i] + x) >>> 0; });
    }
    return h.map((x) => x.toString(16).padStart(8, '0')).join('');
  }

  const quoted = (s) => '"' + String(s).replace(/[\\"]/g, '\\$&') + '"';

  /** The SHA-256 challenge among the X-Muster-Authenticate values (WWW-Authenticate syntax; fetch joins several with commas). */
  function challenge(header) {
    if (!header) return null;
    for (const c of header.split(/(?:^|,)\s*Digest\s+/i).filter((x) => x.trim())) {
      const params = {};
      for (const m of c.matchAll(/([A-Za-z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
        params[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
      }
      if ((params.algorithm || '').toUpperCase() === 'SHA-256' && params.nonce) {
        return { realm: params.realm, nonce: params.nonce, opaque: params.opaque };
      }
    }
    throw new Error('this system offers no SHA-256 digest (system.digest-algorithms), which the console signs in with');
  }

  /** The Authorization header of the next request ({@code d}: username, realm, nonce, opaque, ha1, nc). */
  async function authorization(d, method, uri) {
    d.nc += 1;
    const nc = d.nc.toString(16).padStart(8, '0');
    const cnonce = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
    const response = sha256(`${d.ha1}:${d.nonce}:${nc}:${cnonce}:auth:${sha256(method + ':' + uri)}`);
    return `Digest username=${quoted(d.username)}, realm=${quoted(d.realm)}, nonce=${quoted(d.nonce)}, uri=${quoted(uri)}, `
      + `algorithm=SHA-256, qop=auth, nc=${nc}, cnonce=${quoted(cnonce)}, response=${quoted(response)}`
      + (d.opaque ? `, opaque=${quoted(d.opaque)}` : '');
  }

  return { sha256, challenge, authorization, hash: async (text) => sha256(text) };
})();
