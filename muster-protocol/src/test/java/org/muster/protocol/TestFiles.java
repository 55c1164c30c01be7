package org.muster.protocol;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test vectors from src/test/resources/vectors and the shared test data beside the repository. */
final class TestFiles {
  private TestFiles() {}

  static byte[] vector(String name) {
    try (InputStream in = TestFiles.class.getResourceAsStream("/vectors/" + name)) {
      if (in == null) throw new IllegalArgumentException("no test vector " + name);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String vectorText(String name) {
    return new String(vector(name), StandardCharsets.UTF_8);
  }

  /**
   * shared/testdata/xml-attacks, found by walking up from the working directory: CI clones the
   * repository into some folder with shared/ beside it, a developer has it beside main/.
   */
  static Path xmlAttacks() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/testdata/xml-attacks");
      if (Files.isDirectory(candidate)) return candidate;
    }
    return fail("shared/testdata/xml-attacks not found in %s or any parent folder; the XML attack vectors must sit beside the repository", start);
  }
}
