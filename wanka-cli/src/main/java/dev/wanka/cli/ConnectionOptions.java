package dev.wanka.cli;

import dev.wanka.api.WankaClient;
import dev.wanka.spec.MapReader;
import dev.wanka.spec.Problems;
import dev.wanka.spec.YamlTreeReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --server URL} and {@code --token TOKEN}, shared by every command that talks to a Wanka
 * server, and where each comes from when it is not given. Each is taken from the first of:
 *
 * <ol>
 *   <li>the flag, {@code --server} or {@code --token};
 *   <li>the environment variable {@code WANKA_SERVER} or {@code WANKA_TOKEN} (blank counts as
 *       unset);
 *   <li>the key {@code server} or {@code token} of {@code $HOME/.wanka/config}, a YAML map that may
 *       hold just these two keys;
 *   <li>the default: server {@code http://127.0.0.1:8080}; token the admin token that {@code wanka
 *       up} writes, {@code $WANKA_HOME/admin.token} when WANKA_HOME is set, else {@code
 *       ./wanka-data/admin.token}. That file is read only when the server is on this machine (a
 *       loopback address or {@code localhost}), so a local admin token is never sent elsewhere.
 * </ol>
 *
 * The config file is read only when a flag or variable leaves something to look up. No token at all
 * is bad input (exit 2), reported with every place that was looked at; a token is never printed.
 */
final class ConnectionOptions {
  static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

  /** Visible ASCII: what an HTTP header value can carry without quoting. */
  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]+");

  private static final Pattern IPV4 = Pattern.compile("[0-9.]+");

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "Server URL; else WANKA_SERVER, ~/.wanka/config, then " + DEFAULT_SERVER + ".")
  String server;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "Bearer token; else WANKA_TOKEN, ~/.wanka/config or (for a server on this"
              + " machine) the admin.token of `wanka up`.")
  String token;

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /** A client of the server these options, the environment and the config file name. */
  WankaClient client() {
    return resolve(environment()).client();
  }

  /** The root command's environment: the process's, or the one a test passed in. */
  UserEnvironment environment() {
    return ((WankaCommand) mixee.root().userObject()).environment();
  }

  /** Where to connect and with which token, by the order in this class's documentation. */
  Connection resolve(UserEnvironment environment) {
    ConfigFile config = new ConfigFile(environment.home().resolve(".wanka").resolve("config"));
    URI serverUrl =
        setting("--server", server, "WANKA_SERVER", "server", environment, config)
            .map(s -> url(s.source(), s.value()))
            .orElse(URI.create(DEFAULT_SERVER));
    String bearer =
        setting("--token", token, "WANKA_TOKEN", "token", environment, config)
            .map(s -> checkedToken(s.source(), s.value()))
            .orElseGet(() -> adminToken(environment, config, serverUrl));
    return new Connection(serverUrl, bearer);
  }

  /** A value and where it came from, for messages. */
  private record Setting(String source, String value) {}

  /** The flag, else the variable, else the config file's key; empty when none gives a value. */
  private static Optional<Setting> setting(
      String flag,
      String flagValue,
      String variable,
      String key,
      UserEnvironment environment,
      ConfigFile config) {
    if (flagValue != null) {
      return Optional.of(new Setting(flag, flagValue));
    }
    Optional<String> fromVariable = environment.variable(variable);
    if (fromVariable.isPresent()) {
      return Optional.of(new Setting(variable, fromVariable.get()));
    }
    return config.value(key).map(v -> new Setting(config.path + ": " + key, v));
  }

  /** The admin token of `wanka up`, for a server on this machine; else bad input naming it all. */
  private static String adminToken(UserEnvironment environment, ConfigFile config, URI serverUrl) {
    List<String> tried = new ArrayList<>();
    tried.add("no --token");
    tried.add("WANKA_TOKEN is not set");
    tried.add(config.path + (config.exists() ? " has no token" : " does not exist"));
    Path tokenFile = adminTokenFile(environment);
    if (!isOnThisMachine(serverUrl)) {
      tried.add(
          "the admin token of `wanka up` ("
              + tokenFile
              + ") is only sent to a server on this machine, not to "
              + serverUrl);
    } else if (Files.isRegularFile(tokenFile)) {
      String text = readTokenFile(tokenFile).strip();
      if (!text.isEmpty()) {
        return checkedToken(tokenFile.toString(), text);
      }
      tried.add(tokenFile + " is empty");
    } else {
      tried.add(tokenFile + " does not exist");
    }
    throw new UsageException(
        "no token to send to "
            + serverUrl
            + ": "
            + String.join("; ", tried)
            + ". Give one with --token or WANKA_TOKEN (`wanka tokens create` makes one),"
            + " or start a local server with `wanka up`");
  }

  /** The file {@code wanka up} writes its admin token to, by its default data directory. */
  private static Path adminTokenFile(UserEnvironment environment) {
    Path dataDirectory =
        environment.variable("WANKA_HOME").map(Path::of).orElse(Path.of("wanka-data"));
    return environment.workingDirectory().resolve(dataDirectory).resolve("admin.token");
  }

  private static String readTokenFile(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException("cannot read the token file " + file + " (" + e.getMessage() + ")");
    }
  }

  private static URI url(String source, String text) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      uri = null;
    }
    boolean http =
        uri != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
    if (!http || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
      throw new UsageException(
          source
              + ": '"
              + text
              + "' is not allowed: must be an http:// or https:// URL of a Wanka server, such as "
              + DEFAULT_SERVER);
    }
    return uri;
  }

  private static String checkedToken(String source, String value) {
    if (!TOKEN.matcher(value.strip()).matches()) {
      throw new UsageException(
          source
              + ": the token is not allowed: must be printable characters without spaces, as"
              + " `wanka tokens create` printed it");
    }
    return value.strip();
  }

  /** Loopback literals and {@code localhost}; other names are not resolved (no DNS lookup). */
  private static boolean isOnThisMachine(URI server) {
    String host = server.getHost();
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!IPV4.matcher(host).matches() && !host.startsWith("[")) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  /** A server and the token to send it. */
  record Connection(URI server, String token) {
    WankaClient client() {
      return new WankaClient(server, token);
    }

    @Override
    public String toString() {
      return "Connection[" + server + ", token hidden]";
    }
  }

  /** {@code ~/.wanka/config}, read on first use: a YAML map of {@code server} and {@code token}. */
  private static final class ConfigFile {
    final Path path;
    private Optional<MapReader> values;

    ConfigFile(Path path) {
      this.path = path;
    }

    boolean exists() {
      return Files.exists(path);
    }

    Optional<String> value(String key) {
      if (values == null) {
        values = read();
      }
      return values.flatMap(v -> v.optionalString(key));
    }

    /** The file's map; empty when there is no file or it is blank. Bad content is bad input. */
    private Optional<MapReader> read() {
      if (!exists()) {
        return Optional.empty();
      }
      String text = InputFiles.read(path, "config file");
      if (text.isBlank()) {
        return Optional.empty();
      }
      Problems problems = new Problems();
      MapReader reader =
          MapReader.of(YamlTreeReader.read(path.toString(), text), "", problems, "server", "token");
      reader.optionalString("server");
      reader.optionalString("token");
      problems.throwIfAny();
      return Optional.of(reader);
    }
  }
}
