package org.muster.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key and certificate forms OpenSSL writes, read from throwaway files; and the errors, naming the file. */
class PemFilesTest {
  @TempDir Path dir;

  private Path pem(String name, Object... objects) throws Exception {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(text)) {
      for (Object o : objects) w.writeObject(o);
    }
    return Files.writeString(dir.resolve(name), text.toString());
  }

  private static KeyPair ec() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  /** {@code EC PRIVATE KEY} with its curve named, as {@code openssl ecparam -genkey} writes it. */
  private static PemObject sec1(KeyPair ec) throws Exception {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(ec.getPrivate().getEncoded());
    ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
    return new PemObject("EC PRIVATE KEY", new ECPrivateKey(256, inner.getKey(), info.getPrivateKeyAlgorithm().getParameters()).getEncoded());
  }

  @Test
  void readsPkcs8Pkcs1AndSec1Keys() throws Exception {
    KeyPair ec = ec();
    KeyPair rsa = rsa();
    assertThat(PemFiles.privateKey(pem("ec8.key", new JcaPKCS8Generator(ec.getPrivate(), null))).getEncoded())
        .isEqualTo(ec.getPrivate().getEncoded());
    Path sec1 = pem("ec.key", sec1(ec));
    assertThat(Files.readString(sec1)).startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThat(PemFiles.privateKey(sec1).getAlgorithm()).isEqualTo("EC");
    Path pkcs1 = pem("rsa.key", rsa);
    assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(PemFiles.privateKey(pkcs1).getEncoded()).isEqualTo(rsa.getPrivate().getEncoded());
  }

  @Test
  void readsAChainAndChecksTheKeyFitsItsFirstCertificate() throws Exception {
    TlsCredentials one = TlsCredentials.selfSigned("one.test");
    TlsCredentials two = TlsCredentials.selfSigned("two.test");
    Path chain = pem("chain.crt", one.certificate(), two.certificate());
    assertThat(PemFiles.certificates(chain)).containsExactly(one.certificate(), two.certificate());
    Path key = pem("one.key", new JcaPKCS8Generator(one.key(), null));
    assertThat(TlsCredentials.fromPem(chain, key).certificate()).isEqualTo(one.certificate());
    Path otherKey = pem("two.key", new JcaPKCS8Generator(two.key(), null));
    assertThatThrownBy(() -> TlsCredentials.fromPem(chain, otherKey))
        .isInstanceOf(TlsSetupException.class).hasMessageContaining("two.key is not the key of the first certificate in");
  }

  @Test
  void namesTheFileThatHoldsNoKeyOrNoCertificate() throws Exception {
    Path certificate = pem("only.crt", TlsCredentials.selfSigned("only.test").certificate());
    assertThatThrownBy(() -> PemFiles.privateKey(certificate)).isInstanceOf(TlsSetupException.class)
        .hasMessageContaining("only.crt holds no PEM private key");
    Path text = Files.writeString(dir.resolve("notes.txt"), "not PEM at all\n");
    assertThatThrownBy(() -> PemFiles.certificates(text)).isInstanceOf(TlsSetupException.class)
        .hasMessageContaining("notes.txt holds no PEM certificate");
    assertThatThrownBy(() -> PemFiles.privateKey(dir.resolve("missing.key"))).isInstanceOf(TlsSetupException.class)
        .hasMessageContaining("no such file").hasMessageContaining("missing.key");
  }
}
