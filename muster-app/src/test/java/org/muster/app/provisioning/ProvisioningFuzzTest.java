package org.muster.app.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzz target for the provisioning loader, called as {@code muster server} calls it:
 * the bytes are written to a file and {@link ProvisioningLoader#loadForServer} reads it. The
 * property: the loader gives a configuration or a {@link ProvisioningException} whose problems name
 * the file, never another exception. Relative file names in the input ({@code tls},
 * {@code certificate}) are read from a fresh, empty folder.
 *
 * <p>Without {@code JAZZER_FUZZ} the target replays its seeds in
 * {@code ProvisioningFuzzTestInputs/load} in a few milliseconds; the root README "Fuzzing" says how
 * to fuzz.
 */
class ProvisioningFuzzTest {
  private static final Path FOLDER = folder();
  private static final Path FILE = FOLDER.resolve("fuzz.yaml");

  @FuzzTest
  void load(byte[] input) throws IOException {
    Files.write(FILE, input);
    try {
      ProvisioningLoader.loadForServer(FILE);
    } catch (ProvisioningException e) {
      assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.source()).isEqualTo(FILE.toString()));
    }
  }

  private static Path folder() {
    try {
      return Files.createTempDirectory("muster-provisioning-fuzz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
