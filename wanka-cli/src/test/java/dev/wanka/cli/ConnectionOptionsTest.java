package dev.wanka.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.api.JobView;
import dev.wanka.cli.ConnectionOptions.Connection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the server URL and the token come from: flag, then environment, then ~/.wanka/config, then
 * the defaults of `wanka up`. Two fake servers tell which URL was used; the Authorization header
 * tells which token.
 */
class ConnectionOptionsTest {
  @TempDir Path dir;

  private FakeServer first;
  private FakeServer second;

  @BeforeEach
  void start() {
    first = FakeServer.start().on("GET", "/api/v1/jobs", List.<JobView>of());
    second = FakeServer.start().on("GET", "/api/v1/jobs", List.<JobView>of());
  }

  @AfterEach
  void stop() {
    first.close();
    second.close();
  }

  private TestEnvironment env() {
    return TestEnvironment.in(dir);
  }

  private void config(String yaml) throws Exception {
    Path file = dir.resolve("home/.wanka/config");
    Files.createDirectories(file.getParent());
    Files.writeString(file, yaml);
  }

  private static void writeAdminToken(Path dataDirectory, String token) throws Exception {
    Files.createDirectories(dataDirectory);
    Files.writeString(dataDirectory.resolve("admin.token"), token + "\n");
  }

  private static Connection resolve(TestEnvironment env, String server, String token) {
    ConnectionOptions options = new ConnectionOptions();
    options.server = server;
    options.token = token;
    return options.resolve(env.environment());
  }

  @Test
  void flagsWinOverTheEnvironmentAndTheConfigFile() throws Exception {
    config("server: " + second.url() + "\ntoken: from-config\n");
    TestEnvironment env =
        env().with("WANKA_SERVER", second.url().toString()).with("WANKA_TOKEN", "from-env");

    CliRun run = env.run("jobs", "--server", first.url().toString(), "--token", "from-flag");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(first.onlyRequest().authorization()).isEqualTo("Bearer from-flag");
    assertThat(second.requests()).isEmpty();
  }

  @Test
  void theEnvironmentWinsOverTheConfigFile() throws Exception {
    config("server: " + second.url() + "\ntoken: from-config\n");
    TestEnvironment env =
        env().with("WANKA_SERVER", first.url().toString()).with("WANKA_TOKEN", "from-env");

    env.run("jobs");

    assertThat(first.onlyRequest().authorization()).isEqualTo("Bearer from-env");
    assertThat(second.requests()).isEmpty();
  }

  @Test
  void theConfigFileInHomeIsUsedWhenNoFlagOrVariableIsSet() throws Exception {
    config("# written by hand\nserver: " + first.url() + "/\ntoken: from-config\n");

    CliRun run = env().run("jobs");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(first.onlyRequest().authorization()).isEqualTo("Bearer from-config");
  }

  @Test
  void theServerAndTheTokenAreLookedUpEachOnItsOwn() throws Exception {
    config("token: from-config\n");

    env().run("jobs", "--server", first.url().toString());

    assertThat(first.onlyRequest().authorization()).isEqualTo("Bearer from-config");
  }

  @Test
  void aBlankVariableCountsAsUnset() throws Exception {
    config("server: " + first.url() + "\ntoken: from-config\n");

    env().with("WANKA_SERVER", "").with("WANKA_TOKEN", "  ").run("jobs");

    assertThat(first.onlyRequest().authorization()).isEqualTo("Bearer from-config");
  }

  @Test
  void withoutAnySettingTheServerIsLocalAndTheTokenIsTheOneWankaUpWrote() throws Exception {
    writeAdminToken(dir.resolve("work/wanka-data"), "wk_admin-from-up");

    Connection connection = resolve(env(), null, null);

    assertThat(connection.server()).isEqualTo(URI.create("http://127.0.0.1:8080"));
    assertThat(connection.token()).isEqualTo("wk_admin-from-up");
  }

  @Test
  void wankaHomeMovesTheAdminTokenFileAndARelativeOneIsTakenFromTheWorkingDirectory()
      throws Exception {
    writeAdminToken(dir.resolve("work/wanka-data"), "wk_not-this-one");
    writeAdminToken(dir.resolve("work/state"), "wk_from-wanka-home");

    Connection connection = resolve(env().with("WANKA_HOME", "state"), null, null);

    assertThat(connection.token()).isEqualTo("wk_from-wanka-home");
  }

  @Test
  void theAdminTokenFileGoesToAServerOnThisMachineOnly() throws Exception {
    writeAdminToken(dir.resolve("work/wanka-data"), "wk_admin-from-up");

    assertThat(resolve(env(), "http://localhost:9090", null).token()).isEqualTo("wk_admin-from-up");
    assertThat(resolve(env(), "http://[::1]:9090", null).token()).isEqualTo("wk_admin-from-up");
    CliRun remote = env().run("jobs", "--server", "https://wanka.example.com");

    assertThat(remote.exitCode()).isEqualTo(2);
    assertThat(remote.err())
        .contains("is only sent to a server on this machine, not to https://wanka.example.com")
        .doesNotContain("wk_admin-from-up");
  }

  @Test
  void noTokenAnywhereIsBadInputSayingWhereItLooked() {
    CliRun run = env().run("jobs");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "error: no token to send to http://127.0.0.1:8080: no --token; WANKA_TOKEN is not set; "
                + dir.resolve("home/.wanka/config")
                + " does not exist; "
                + dir.resolve("work/wanka-data/admin.token")
                + " does not exist. Give one with --token or WANKA_TOKEN (`wanka tokens create`"
                + " makes one), or start a local server with `wanka up`\n");
  }

  @Test
  void aConfigFileWithoutTokenAndAnEmptyTokenFileAreNamedToo() throws Exception {
    config("server: http://127.0.0.1:8080\n");
    writeAdminToken(dir.resolve("work/wanka-data"), "");

    CliRun run = env().run("jobs");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(dir.resolve("home/.wanka/config") + " has no token")
        .contains(dir.resolve("work/wanka-data/admin.token") + " is empty");
  }

  @Test
  void aServerThatIsNotAnHttpUrlIsBadInputNamingWhereItCameFrom() throws Exception {
    CliRun fromVariable = env().with("WANKA_SERVER", "127.0.0.1:8080").run("jobs");
    config("server: ftp://files.example.com\n");
    CliRun fromConfig = env().with("WANKA_TOKEN", "t").run("jobs");

    assertThat(fromVariable.exitCode()).isEqualTo(2);
    assertThat(fromVariable.err())
        .startsWith(
            "error: WANKA_SERVER: '127.0.0.1:8080' is not allowed: must be an http:// or"
                + " https:// URL of a Wanka server, such as http://127.0.0.1:8080");
    assertThat(fromConfig.exitCode()).isEqualTo(2);
    assertThat(fromConfig.err())
        .startsWith("error: " + dir.resolve("home/.wanka/config") + ": server: 'ftp://");
  }

  @Test
  void aConfigFileWithAnUnknownKeyIsBadInputWithItsLine() throws Exception {
    config("server: http://127.0.0.1:8080\ntokn: abc\n");

    CliRun run = env().run("jobs");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith(
            "error: "
                + dir.resolve("home/.wanka/config")
                + ":2:1: tokn: unknown field; allowed here: server, token");
  }

  @Test
  void aTokenWithSpacesIsRefusedWithoutPrintingIt() {
    CliRun run = env().run("jobs", "--server", first.url().toString(), "--token", "abc def");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("error: --token: the token is not allowed: must be printable characters")
        .doesNotContain("abc def");
    assertThat(first.requests()).isEmpty();
  }

  @Test
  void theConnectionsTextHidesTheToken() {
    assertThat(new Connection(URI.create("http://127.0.0.1:8080"), "wk_secret").toString())
        .doesNotContain("wk_secret");
  }
}
