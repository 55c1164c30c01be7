package org.muster.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.muster.core.id.McServiceId;

/**
 * {@code --credentials FILE}: one line per user, {@code MC-SERVICE-ID PASSWORD} (the password is
 * the rest of the line after the first blank, so it may hold spaces); blank lines and lines
 * starting with {@code #} are skipped. Keep it readable by its owner only.
 */
final class CredentialsFile {
  private CredentialsFile() {}

  /** The password of {@code user} in {@code file}; empty when the file does not list the user. */
  static Optional<String> passwordOf(Path file, McServiceId user) throws ClientSetup.UsageProblem {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw new ClientSetup.UsageProblem("--credentials: no such file: " + file);
    } catch (IOException e) {
      throw new ClientSetup.UsageProblem("--credentials: cannot read " + file + ": " + e.getMessage());
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      int blank = line.indexOf(' ') < 0 ? line.indexOf('\t') : line.indexOf(' ');
      if (blank < 0) {
        throw new ClientSetup.UsageProblem("--credentials: " + file + ":" + (i + 1) + ": expected 'MC-SERVICE-ID PASSWORD'");
      }
      if (line.substring(0, blank).equals(user.uri())) return Optional.of(line.substring(blank + 1).strip());
    }
    return Optional.empty();
  }
}
