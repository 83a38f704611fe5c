package dev.wanka.cli;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * The surroundings of a client command in a test: a home and a working directory of the test's own,
 * chosen variables, standard input and a clock fixed at {@link #NOW} (UTC).
 */
record TestEnvironment(
    Path home, Path workingDirectory, Map<String, String> variables, String stdin) {
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  static final long NOW_MILLIS = NOW.toEpochMilli();
  static final String TOKEN = "wk_user-token-123";

  TestEnvironment {
    variables = Map.copyOf(variables);
  }

  /** No variables; home {@code dir/home}, working directory {@code dir/work}. */
  static TestEnvironment in(Path dir) {
    return new TestEnvironment(dir.resolve("home"), dir.resolve("work"), Map.of(), "");
  }

  /** Talks to {@code server} with {@link #TOKEN}, through WANKA_SERVER and WANKA_TOKEN. */
  static TestEnvironment connectedTo(FakeServer server, Path dir) {
    return in(dir).with("WANKA_SERVER", server.url().toString()).with("WANKA_TOKEN", TOKEN);
  }

  TestEnvironment with(String variable, String value) {
    Map<String, String> more = new HashMap<>(variables);
    more.put(variable, value);
    return new TestEnvironment(home, workingDirectory, more, stdin);
  }

  TestEnvironment withStdin(String text) {
    return new TestEnvironment(home, workingDirectory, variables, text);
  }

  CliRun run(String... args) {
    return CliRun.in(environment(), args);
  }

  UserEnvironment environment() {
    return new UserEnvironment(
        variables,
        home,
        workingDirectory,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** Milliseconds since the epoch, {@code seconds} before {@link #NOW}. */
  static long ago(long seconds) {
    return NOW_MILLIS - seconds * 1000;
  }
}
