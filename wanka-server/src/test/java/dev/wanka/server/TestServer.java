package dev.wanka.server;

import dev.wanka.api.DeviceInfo;
import dev.wanka.api.DeviceStatus;
import dev.wanka.api.Health;
import dev.wanka.api.Heartbeat;
import dev.wanka.api.HeartbeatResponse;
import dev.wanka.api.RegisterRequest;
import dev.wanka.api.Role;
import dev.wanka.api.TaskStatus;
import dev.wanka.api.TokenRequest;
import dev.wanka.api.WankaClient;
import dev.wanka.server.control.ServerTuning;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** A server on 127.0.0.1 for a test, with clients for its admin and for fake agents. */
public final class TestServer implements AutoCloseable {
  private final WankaServer server;
  private final WankaClient admin;

  public TestServer(Path dataDirectory, Optional<String> db, ServerTuning tuning) {
    this.server =
        WankaServer.start(
            new ServerOptions("127.0.0.1", 0, dataDirectory, db, Optional.empty(), tuning), "test");
    this.admin = client(server.adminToken());
  }

  /** A server started again on the same data: the fake agents talk to it from now on. */
  public TestServer(
      Path dataDirectory, Optional<String> db, ServerTuning tuning, FakeAgent... agents) {
    this(dataDirectory, db, tuning);
    for (FakeAgent agent : agents) {
      agent.client = client(agent.token);
    }
  }

  public static ServerTuning fastTuning() {
    return new ServerTuning(100, 2000, 50, 16, 5, 500);
  }

  public WankaClient admin() {
    return admin;
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  public WankaClient client(String token) {
    return new WankaClient(uri(), token);
  }

  public WankaServer server() {
    return server;
  }

  /** A user token of a tenant, creating the tenant if needed. */
  public WankaClient user(String tenant) {
    if (admin.tenants().stream().noneMatch(t -> t.name().equals(tenant))) {
      admin.createTenant(tenant);
    }
    return client(
        admin.createToken(new TokenRequest("user of " + tenant, Role.USER, tenant, "")).secret());
  }

  /** A fake agent: registers a node of simulated devices and heartbeats when told. */
  public FakeAgent agent(String node, int devices, String accelerator) {
    String token =
        admin.createToken(new TokenRequest("agent " + node, Role.AGENT, "", node)).secret();
    WankaClient client = client(token);
    List<DeviceInfo> infos = new ArrayList<>();
    for (int i = 0; i < devices; i++) {
      infos.add(new DeviceInfo(i, node + "-gpu" + i, accelerator, 80L << 30));
    }
    client.register(new RegisterRequest(node, "127.0.0.1", accelerator, infos, "test"));
    return new FakeAgent(node, devices, client, token);
  }

  @Override
  public void close() {
    server.close();
  }

  /** A node's agent played by the test: it reports what the test says. */
  public static final class FakeAgent {
    private final String node;
    private final int devices;
    private final String token;
    private WankaClient client;
    private final AtomicLong sequence = new AtomicLong();

    FakeAgent(String node, int devices, WankaClient client, String token) {
      this.node = node;
      this.devices = devices;
      this.client = client;
      this.token = token;
    }

    public String node() {
      return node;
    }

    /** The agent token it reports with. */
    public String token() {
      return token;
    }

    public WankaClient client() {
      return client;
    }

    public HeartbeatResponse beat(List<TaskStatus> tasks) {
      List<DeviceStatus> statuses = new ArrayList<>();
      for (int i = 0; i < devices; i++) {
        statuses.add(new DeviceStatus(i, Health.OK, 40, 100, 0));
      }
      return client.heartbeat(node, new Heartbeat(sequence.incrementAndGet(), statuses, tasks));
    }
  }
}
