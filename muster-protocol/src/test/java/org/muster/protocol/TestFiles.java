package org.muster.protocol;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Test vectors from src/test/resources/vectors and the XML attack payloads of src/test/resources/xml-attacks. */
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
   * The XML attack payloads, src/test/resources/xml-attacks (see its README.md), as a folder on
   * the test class path: found wherever Maven runs the tests from.
   */
  static Path xmlAttacks() {
    URL url = TestFiles.class.getResource("/xml-attacks/README.md");
    if (url == null) return fail("xml-attacks/README.md is not on the test class path (src/test/resources/xml-attacks)");
    try {
      return Path.of(url.toURI()).getParent();
    } catch (URISyntaxException | java.nio.file.FileSystemNotFoundException e) {
      return fail("xml-attacks must be a folder on the test class path, not %s", url);
    }
  }
}
