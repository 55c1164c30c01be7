package org.muster.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.muster.app.testing.MusterCli;
import org.muster.app.testing.MusterCli.Run;

/** {@code muster check}: the server's checks of its file, a summary, and the server's exit code 2 on a mistake. */
class CheckCommandTest {
  @TempDir Path dir;

  @Test
  void theSampleSystemIsSummedUp() {
    Run r = MusterCli.run("check", "--config", Path.of("..", "examples", "metro.yaml").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("OK, MC system metro (domain metro.example)")
        .contains("sip            127.0.0.1:5060 (UDP, TCP)")
        .contains("http           127.0.0.1:8080 (admin API, no admin token: read-only)")
        .contains("authentication digest (MD5, SHA-256)")
        .contains("users          9")
        .contains("groups         5 (2 preconfigured)")
        .contains("partners       1 (north north.example at 127.0.0.1:5070)")
        .contains("store          embedded H2 database in ./muster-data/metro")
        .contains("retention      cancelled regroups kept 30 days, 10000 at most; history 365 days");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void aMistakeIsNamedWithItsLineAndExitCodeTwoAsTheServerWould() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"),
        "system: {id: x, domain: x.example, sip: 127.0.0.1:0}\nusers:\n  - {id: sip:a@x.example, mayy: [cancel-regroup], password: a-secret}\n");
    Run r = MusterCli.run("check", "--config", bad.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("bad.yaml:3: users[0] (sip:a@x.example): unknown key 'mayy'").contains("did you mean 'may'?")
        .doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
    assertThat(MusterCli.run("server", "--config", bad.toString()).exit()).isEqualTo(2);
  }

  @Test
  void theServersOwnChecksCountToo() throws Exception {
    // an admin API beyond loopback without a token: muster server refuses it, so check does
    Path open = Files.writeString(dir.resolve("open.yaml"), "system: {id: x, domain: x.example, sip: 127.0.0.1:0, http: 0.0.0.0:0}\n");
    Run r = MusterCli.run("check", "--config", open.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("system.http").contains("not a loopback address");

    Run missing = MusterCli.run("check", "--config", dir.resolve("nowhere.yaml").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("nowhere.yaml").contains("cannot read the provisioning file").doesNotContain("\tat ");
  }
}
