package org.muster.app.provisioning;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.muster.app.provisioning.YamlNode.Scalar;

/**
 * What a provisioning file refers to outside itself: the folder its relative file names
 * ({@code tls}, {@code certificate}) are read from, and the environment a {@code ${NAME}} value
 * (a password, the admin token) is taken from, so that a file under version control need not hold
 * secrets.
 */
record Surroundings(Path folder, Function<String, Optional<String>> environment) {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  Surroundings {
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(environment, "environment");
  }

  /** The working directory and the process environment. */
  static Surroundings ofProcess(Path folder) {
    return new Surroundings(folder, name -> Optional.ofNullable(System.getenv(name)));
  }

  /**
   * The secret written at {@code s}: the text itself, or for {@code ${NAME}} the environment
   * variable NAME; empty (with a problem of {@code key}) when that variable is not set or empty.
   */
  Optional<String> secret(YamlFields f, String key, Scalar s) {
    Matcher m = REFERENCE.matcher(s.text().trim());
    if (!m.matches()) {
      if (s.text().contains("${")) {
        f.problem(s, key, "write an environment reference alone, as ${NAME} (letters, digits, '_')");
        return Optional.empty();
      }
      return Optional.of(s.text());
    }
    Optional<String> value = environment.apply(m.group(1)).filter(v -> !v.isEmpty());
    if (value.isEmpty()) f.problem(s, key, "environment variable " + m.group(1) + " is not set");
    return value;
  }

  /** {@code name} as written, resolved against {@link #folder()} when relative. */
  Path file(String name) {
    Path p = Path.of(name);
    return p.isAbsolute() ? p : folder.resolve(p).normalize();
  }
}
