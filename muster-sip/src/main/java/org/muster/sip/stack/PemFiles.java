package org.muster.sip.stack;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads the PEM files of PROVISIONING.md {@code system.tls}: a certificate chain (one or more
 * {@code CERTIFICATE} blocks, the server's own first) and an unencrypted private key in any of the
 * forms OpenSSL writes ({@code PRIVATE KEY} PKCS#8, {@code RSA PRIVATE KEY} PKCS#1, {@code EC
 * PRIVATE KEY} SEC 1). BouncyCastle's {@link PEMParser} reads all three; the JDK reads PKCS#8 only.
 */
public final class PemFiles {
  private PemFiles() {}

  /** The certificates of {@code file}, in file order; throws naming the file when there is none. */
  public static List<X509Certificate> certificates(Path file) {
    requireFile(file);
    List<X509Certificate> chain = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (PEMParser pem = parser(file)) {
      for (Object o; (o = pem.readObject()) != null; ) {
        if (o instanceof X509CertificateHolder holder) chain.add(converter.getCertificate(holder));
      }
    } catch (IOException | CertificateException | RuntimeException e) {
      throw new TlsSetupException(file + " is not a readable PEM certificate file: " + message(e), e);
    }
    if (chain.isEmpty()) throw new TlsSetupException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    return List.copyOf(chain);
  }

  /** The first private key of {@code file}; throws naming the file when there is none, or it is encrypted. */
  public static PrivateKey privateKey(Path file) {
    requireFile(file);
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (PEMParser pem = parser(file)) {
      for (Object o; (o = pem.readObject()) != null; ) {
        if (o instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
        if (o instanceof PEMKeyPair pair) return converter.getPrivateKey(pair.getPrivateKeyInfo());
        if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
          throw new TlsSetupException(file + " holds an encrypted private key; give it unencrypted (openssl pkey -in FILE -out KEY)");
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof TlsSetupException t) throw t;
      throw new TlsSetupException(file + " is not a readable PEM private key file: " + message(e), e);
    }
    throw new TlsSetupException(file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----, RSA or EC PRIVATE KEY)");
  }

  private static void requireFile(Path file) {
    if (!Files.isRegularFile(file)) throw new TlsSetupException("no such file: " + file);
  }

  private static PEMParser parser(Path file) throws IOException {
    Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
    return new PEMParser(reader);
  }

  private static String message(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
