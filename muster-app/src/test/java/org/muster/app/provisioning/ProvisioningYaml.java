package org.muster.app.provisioning;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.muster.core.config.McSystemConfig;

/** Builds provisioning texts for tests and returns their problems as the operator sees them. */
final class ProvisioningYaml {
  /**
   * A valid system block, lines 1 to 4 of a file, in lab mode ({@code authentication: none}), so
   * that tests of users, groups and partners need no credentials; {@link #DIGEST_SYSTEM} for those.
   */
  static final String SYSTEM =
      """
      system: {authentication: none,
        id: metro,
        domain: metro.example,
        sip: 127.0.0.1:0}
      """;

  /** The same system with digest authentication (the default), lines 1 to 4. */
  static final String DIGEST_SYSTEM =
      """
      system:
        id: metro
        domain: metro.example
        sip: 127.0.0.1:0
      """;

  /** A partner north.example, to append after other sections. */
  static final String NORTH =
      """
      partners:
        - id: north
          domain: north.example
          sip: 127.0.0.1:5070
      """;

  private ProvisioningYaml() {}

  static McSystemConfig parse(String yaml) throws ProvisioningException {
    return ProvisioningLoader.parse(yaml, "t.yaml");
  }

  /** Every problem of {@code yaml}, read as {@code t.yaml}, one string each; fails if it loads. */
  static List<String> problems(String yaml) {
    ProvisioningException e = assertThrows(ProvisioningException.class, () -> parse(yaml));
    return e.problems().stream().map(Object::toString).toList();
  }

  /** The first problem of {@code yaml}. */
  static String problem(String yaml) {
    return problems(yaml).get(0);
  }
}
