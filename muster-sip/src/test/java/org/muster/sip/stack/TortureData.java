package org.muster.sip.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The RFC 4475 / RFC 5118 torture messages: {@code src/test/resources/sip-torture} (see its
 * README.md for their provenance), as a folder on the test class path, so they are found
 * wherever Maven runs the tests from.
 */
final class TortureData {
  static final String RESOURCE = "/sip-torture/README.md";

  private TortureData() {}

  static Path folder() {
    URL url = TortureData.class.getResource(RESOURCE);
    if (url == null) {
      throw new IllegalStateException("torture messages not found: no " + RESOURCE + " on the test class path (src/test/resources/sip-torture)");
    }
    try {
      return Path.of(url.toURI()).getParent();
    } catch (URISyntaxException | FileSystemNotFoundException e) {
      throw new IllegalStateException("torture messages must be a folder on the test class path, not " + url, e);
    }
  }

  /** Every message file, as "rfc4475/wsinv.dat" etc., sorted. */
  static List<String> files() {
    Path root = folder();
    try (Stream<Path> paths = Stream.of("rfc4475", "rfc5118").flatMap(d -> list(root.resolve(d)))) {
      return paths.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(".md"))
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  static byte[] bytes(String file) {
    try {
      return Files.readAllBytes(folder().resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stream<Path> list(Path dir) {
    try {
      return Files.list(dir).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
