package dev.wanka.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension for client command tests: before each test a fresh {@link FakeServer} and a
 * {@link TestEnvironment} in a new temporary directory that talks to it; afterwards both are gone.
 * Use it as {@code @RegisterExtension final ConnectedClient client = new ConnectedClient();}.
 */
final class ConnectedClient implements BeforeEachCallback, AfterEachCallback {
  private FakeServer server;
  private Path dir;
  private TestEnvironment env;

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("wanka-cli-test");
    server = FakeServer.start();
    env = TestEnvironment.connectedTo(server, dir);
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    server.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(ConnectedClient::delete);
    }
  }

  FakeServer server() {
    return server;
  }

  /** A directory of the test's own, for files it submits. */
  Path dir() {
    return dir;
  }

  TestEnvironment env() {
    return env;
  }

  /** Runs a command line in {@link #env()}. */
  CliRun run(String... args) {
    return env.run(args);
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
