package dev.wanka.agent;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a node agent runs: what {@code wanka agent} was given, with defaults filled in by {@link
 * #builder(URI, String)}.
 *
 * @param server the control-plane server's base URL
 * @param token the agent's bearer token (never logged; {@link #toString()} hides it)
 * @param node the node's name (default: this host's name)
 * @param address the host other nodes reach this one at (default: the address this host's name
 *     resolves to; in production pass the first non-loopback address with {@code --address})
 * @param devices real or simulated devices
 * @param accelerator a catalog id that overrides the one derived from the product name the vendor's
 *     tool prints ({@code --accelerator}); only with {@code --devices auto}
 * @param workDir where task logs and pid files live (default {@code ./wanka-agent-<node>})
 * @param heartbeatInterval overrides the interval the server asks for (tests, load generators)
 */
public record AgentOptions(
    URI server,
    String token,
    String node,
    String address,
    DeviceSpec devices,
    Optional<String> accelerator,
    Path workDir,
    Optional<Duration> heartbeatInterval) {

  public AgentOptions {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(devices, "devices");
    Objects.requireNonNull(accelerator, "accelerator");
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || server.getHost() == null) {
      throw new IllegalArgumentException(
          "Invalid value for --server: '"
              + server
              + "': expected an http or https URL such as http://127.0.0.1:8080");
    }
    if (token.isBlank()) {
      throw new IllegalArgumentException("Invalid value for --token: the token is empty");
    }
    if (!node.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
      throw new IllegalArgumentException(
          "Invalid value for --node: '"
              + node
              + "': use 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    if (address.isBlank()) {
      throw new IllegalArgumentException("Invalid value for --address: the address is empty");
    }
    if (accelerator.isPresent() && !(devices instanceof DeviceSpec.Auto)) {
      throw new IllegalArgumentException(
          "--accelerator applies to --devices auto only; with '"
              + devices
              + "' the type is already given");
    }
    if (heartbeatInterval.isPresent()
        && (heartbeatInterval.get().isNegative() || heartbeatInterval.get().isZero())) {
      throw new IllegalArgumentException(
          "the heartbeat interval must be positive, not " + heartbeatInterval.get());
    }
  }

  /** Starts options for a server and token; everything else has a default. */
  public static Builder builder(URI server, String token) {
    return new Builder(server, token);
  }

  @Override
  public String toString() {
    return "AgentOptions[server="
        + server
        + ", token=(hidden), node="
        + node
        + ", address="
        + address
        + ", devices="
        + devices
        + ", accelerator="
        + accelerator
        + ", workDir="
        + workDir
        + ", heartbeatInterval="
        + heartbeatInterval
        + "]";
  }

  /** Fills the options left unset with their defaults when built. */
  public static final class Builder {
    private final URI server;
    private final String token;
    private String node;
    private String address;
    private DeviceSpec devices = new DeviceSpec.Auto();
    private String accelerator;
    private Path workDir;
    private Duration heartbeatInterval;

    private Builder(URI server, String token) {
      this.server = server;
      this.token = token;
    }

    public Builder node(String value) {
      this.node = value;
      return this;
    }

    public Builder address(String value) {
      this.address = value;
      return this;
    }

    public Builder devices(DeviceSpec value) {
      this.devices = value;
      return this;
    }

    public Builder accelerator(String catalogId) {
      this.accelerator = catalogId;
      return this;
    }

    public Builder workDir(Path value) {
      this.workDir = value;
      return this;
    }

    public Builder heartbeatInterval(Duration value) {
      this.heartbeatInterval = value;
      return this;
    }

    public AgentOptions build() {
      String nodeName = node != null ? node : localHostName();
      String nodeAddress = address != null ? address : addressOf(nodeName);
      Path dir = workDir != null ? workDir : Path.of("wanka-agent-" + nodeName);
      return new AgentOptions(
          server,
          token,
          nodeName,
          nodeAddress,
          devices,
          Optional.ofNullable(accelerator),
          dir.toAbsolutePath().normalize(),
          Optional.ofNullable(heartbeatInterval));
    }

    private static String localHostName() {
      try {
        String name = InetAddress.getLocalHost().getHostName();
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
      } catch (UnknownHostException e) {
        throw new IllegalStateException(
            "cannot read this host's name (" + e.getMessage() + "): pass --node NAME", e);
      }
    }

    private static String addressOf(String nodeName) {
      try {
        return InetAddress.getLocalHost().getHostAddress();
      } catch (UnknownHostException e) {
        throw new IllegalStateException(
            "cannot resolve the address of '"
                + nodeName
                + "' ("
                + e.getMessage()
                + "): pass --address HOST",
            e);
      }
    }
  }
}
