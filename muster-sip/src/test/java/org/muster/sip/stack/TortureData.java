package org.muster.sip.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the RFC 4475 / RFC 5118 torture messages: {@code shared/testdata/sip-torture} in the
 * working directory or one of its parents (the repository sits beside {@code shared}).
 */
final class TortureData {
  static final String RELATIVE = "shared/testdata/sip-torture";

  private TortureData() {}

  static Path folder() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE);
      if (Files.isDirectory(candidate.resolve("rfc4475"))) return candidate;
    }
    throw new IllegalStateException(
        "torture messages not found: no " + RELATIVE + "/rfc4475 in " + start + " or its parents");
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
