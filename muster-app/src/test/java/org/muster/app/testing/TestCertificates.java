package org.muster.app.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Throwaway certificates made at test time (never committed): a CA, certificates it issues for
 * 127.0.0.1, self-signed ones, written as PEM files in the forms OpenSSL writes.
 */
public final class TestCertificates {
  private TestCertificates() {}

  /** A certificate and its key pair. */
  public record Issued(X509Certificate certificate, KeyPair keys) {
    /** Writes {@code NAME.crt} (the certificate) and {@code NAME.key} (PKCS#8) into {@code dir}. */
    public Issued write(Path dir, String name) throws IOException {
      writeCertificate(dir.resolve(name + ".crt"), certificate);
      writePkcs8(dir.resolve(name + ".key"), keys);
      return this;
    }
  }

  /** A CA (EC P-256) that signs certificates with {@link #issue}. */
  public static Issued ca(String name) throws Exception {
    KeyPair keys = ec();
    X500Name subject = new X500Name("CN=" + name);
    X509v3CertificateBuilder b = builder(subject, subject, keys);
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    return new Issued(sign(b, keys), keys);
  }

  /** A server certificate for {@code cn} and 127.0.0.1 issued by {@code ca}; {@code rsa}: an RSA key, else EC. */
  public static Issued issue(Issued ca, String cn, boolean rsa) throws Exception {
    KeyPair keys = rsa ? rsa() : ec();
    X509v3CertificateBuilder b = builder(X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
        new X500Name("CN=" + cn), keys);
    b.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, cn)}));
    return new Issued(sign(b, ca.keys()), keys);
  }

  /** A self-signed certificate for {@code cn} (EC): what a forger could make. */
  public static Issued selfSigned(String cn) throws Exception {
    KeyPair keys = ec();
    X500Name subject = new X500Name("CN=" + cn);
    return new Issued(sign(builder(subject, subject, keys), keys), keys);
  }

  public static Path writeCertificate(Path file, X509Certificate... chain) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      for (X509Certificate c : chain) pem.writeObject(c);
    }
    return Files.writeString(file, text.toString());
  }

  /** {@code -----BEGIN PRIVATE KEY-----} (PKCS#8). */
  public static Path writePkcs8(Path file, KeyPair keys) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      pem.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
    }
    return Files.writeString(file, text.toString());
  }

  /** {@code -----BEGIN RSA PRIVATE KEY-----} (PKCS#1) or {@code EC PRIVATE KEY} (SEC 1), as {@code openssl} writes by default. */
  public static Path writeTraditional(Path file, KeyPair keys) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      pem.writeObject(keys);
    }
    return Files.writeString(file, text.toString());
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(2))), subject, keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) throws Exception {
    String algorithm = signer.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(algorithm).build(signer.getPrivate())));
  }

  private static KeyPair ec() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static KeyPair rsa() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }
}
