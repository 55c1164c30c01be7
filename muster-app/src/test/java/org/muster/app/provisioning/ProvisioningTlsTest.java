package org.muster.app.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.muster.app.testing.TestCertificates;
import org.muster.app.testing.TestCertificates.Issued;
import org.muster.core.config.HostPort;
import org.muster.core.config.McSystemConfig;

/** {@code system.sips} with {@code tls}: PEM files next to the provisioning file, the key checked at load. */
class ProvisioningTlsTest {
  @TempDir Path dir;

  private Path write(String keyFile) throws Exception {
    return Files.writeString(dir.resolve("metro.yaml"), """
        system:
          id: metro
          domain: metro.example
          sip: 127.0.0.1:0
          sips: 127.0.0.1:0
          tls: {certificate: metro.crt, key: %s}
        """.formatted(keyFile));
  }

  @Test
  void readsSipsWithAPemCertificateAndAKeyInTheFormsOpensslWrites() throws Exception {
    Issued metro = TestCertificates.issue(TestCertificates.ca("test CA"), "metro.example", true).write(dir, "metro");
    McSystemConfig pkcs8 = ProvisioningLoader.load(write("metro.key"));
    assertThat(pkcs8.system().security().sips()).contains(new HostPort("127.0.0.1", 0));
    assertThat(pkcs8.system().security().tls().orElseThrow().key()).isEqualTo(dir.resolve("metro.key"));
    TestCertificates.writeTraditional(dir.resolve("metro-rsa.key"), metro.keys());
    assertThat(ProvisioningLoader.load(write("metro-rsa.key")).system().security().tls()).isPresent();
  }

  @Test
  void aKeyFileWithoutAPrivateKeyIsNamedWithItsField() throws Exception {
    TestCertificates.selfSigned("metro.example").write(dir, "metro");
    ProvisioningException e = assertThrows(ProvisioningException.class, () -> ProvisioningLoader.load(write("metro.crt")));
    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0).toString()).contains("metro.yaml:6: system.tls.key: ").contains("metro.crt holds no PEM private key");
  }
}
