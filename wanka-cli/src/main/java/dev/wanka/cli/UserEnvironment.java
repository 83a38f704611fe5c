package dev.wanka.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What the client commands read from the process they run in: environment variables, the home and
 * working directories, standard input and the clock. {@link Main} passes {@link #current()}; tests
 * pass their own, so that no test depends on the machine's home directory, variables or time.
 *
 * @param variables environment variables by name
 * @param home the user's home directory ({@code $HOME}), where {@code .wanka/config} lives
 * @param workingDirectory where relative defaults such as {@code ./wanka-data} are resolved
 * @param stdin what {@code wanka submit -} reads
 * @param clock the time ages and relative times are measured from
 */
record UserEnvironment(
    Map<String, String> variables,
    Path home,
    Path workingDirectory,
    InputStream stdin,
    Clock clock) {
  UserEnvironment {
    variables = Map.copyOf(variables);
  }

  /** This process's: {@code $HOME} (else the JVM's user.home), the current directory, stdin. */
  static UserEnvironment current() {
    Map<String, String> variables = System.getenv();
    String home = variables.getOrDefault("HOME", "");
    return new UserEnvironment(
        variables,
        Path.of(home.isBlank() ? System.getProperty("user.home") : home),
        Path.of("").toAbsolutePath(),
        System.in,
        Clock.systemDefaultZone());
  }

  /** A variable's value; a variable set to blanks counts as unset, as shells usually mean it. */
  Optional<String> variable(String name) {
    return Optional.ofNullable(variables.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }
}
