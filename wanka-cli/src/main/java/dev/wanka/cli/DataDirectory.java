package dev.wanka.cli;

import java.nio.file.Path;
import java.util.Optional;

/** Where {@code wanka up} and {@code wanka server} keep their state by default. */
final class DataDirectory {
  static final String DEFAULT = "wanka-data";

  private DataDirectory() {}

  /** {@code --data-dir} when given, else {@code $WANKA_HOME}, else {@code ./wanka-data}. */
  static Path resolve(Optional<Path> flag) {
    if (flag.isPresent()) {
      return flag.get();
    }
    String home = System.getenv("WANKA_HOME");
    return home != null && !home.isBlank() ? Path.of(home) : Path.of(DEFAULT);
  }
}
