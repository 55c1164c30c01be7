package org.muster.sip.stack;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * What an endpoint presents in a TLS handshake: its certificate chain (its own certificate first)
 * and the private key of that certificate.
 */
public record TlsCredentials(List<X509Certificate> chain, PrivateKey key) {
  public TlsCredentials {
    chain = List.copyOf(chain);
    Objects.requireNonNull(key, "key");
    if (chain.isEmpty()) throw new IllegalArgumentException("no certificate");
  }

  /** The PEM files of PROVISIONING.md {@code system.tls}; throws {@link TlsSetupException} naming the file. */
  public static TlsCredentials fromPem(Path certificate, Path key) {
    TlsCredentials c = new TlsCredentials(PemFiles.certificates(certificate), PemFiles.privateKey(key));
    if (!c.keyFitsCertificate()) {
      throw new TlsSetupException("the private key in " + key + " is not the key of the first certificate in " + certificate);
    }
    return c;
  }

  /**
   * A fresh self-signed certificate (EC P-256, valid a day) for an endpoint that must listen for
   * TLS but has no certificate of its own: an MC client, whose TLS listening point receives the
   * server's notifications. Its peers do not check it; clients are known by digest.
   */
  public static TlsCredentials selfSigned(String commonName) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      X500Principal name = new X500Principal("CN=" + commonName.replaceAll("[^A-Za-z0-9.@:_-]", "_"));
      Instant now = Instant.now();
      X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
          Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), name, pair.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      return new TlsCredentials(List.of(new JcaX509CertificateConverter().getCertificate(holder)), pair.getPrivate());
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new TlsSetupException("cannot make a TLS certificate for " + commonName + ": " + e.getMessage(), e);
    }
  }

  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** True when {@link #key()} signs for the public key of {@link #certificate()}. */
  boolean keyFitsCertificate() {
    String algorithm = switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "DSA" -> "SHA256withDSA";
      default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA name their signature themselves
    };
    byte[] probe = "muster".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate().getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "TlsCredentials[" + certificate().getSubjectX500Principal() + ", " + key.getAlgorithm() + " key]";
  }
}
