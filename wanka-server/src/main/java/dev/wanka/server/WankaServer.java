package dev.wanka.server;

import dev.wanka.api.Role;
import dev.wanka.api.TokenView;
import dev.wanka.catalog.Catalog;
import dev.wanka.server.auth.TokenRegistry;
import dev.wanka.server.control.ControlPlane;
import dev.wanka.server.control.SchedulerSetup;
import dev.wanka.server.control.SchedulingLoop;
import dev.wanka.server.http.HttpApi;
import dev.wanka.server.store.Database;
import dev.wanka.server.store.LogStore;
import dev.wanka.server.store.Store;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A running control-plane server: the database (migrated), the control plane rebuilt from it, the
 * scheduling loop and the HTTP API. On first start it creates an admin token and writes it to
 * {@code <data>/admin.token} (mode 600); the token's secret is never logged.
 */
public final class WankaServer implements AutoCloseable {
  private static final Logger LOG = System.getLogger(WankaServer.class.getName());
  public static final String ADMIN_TOKEN_FILE = "admin.token";

  private final Database database;
  private final ControlPlane plane;
  private final SchedulingLoop loop;
  private final Javalin http;
  private final ScheduledExecutorService historySampler;
  private final TokenRegistry tokens;
  private final Path adminTokenFile;

  private WankaServer(ServerOptions options, String version) {
    createDirectory(options.dataDirectory());
    Catalog catalog = Catalog.bundled();
    SchedulerSetup setup =
        options
            .schedulerConfig()
            .map(p -> SchedulerSetup.fromFile(p.toString(), read(p), catalog))
            .orElse(SchedulerSetup.open());
    this.database =
        options
            .db()
            .map(db -> Database.open(db, env("WANKA_DB_USER"), env("WANKA_DB_PASSWORD")))
            .orElseGet(() -> Database.openIn(options.dataDirectory()));
    Store store = new Store(database);
    this.tokens = new TokenRegistry(store);
    this.adminTokenFile = options.dataDirectory().resolve(ADMIN_TOKEN_FILE);
    ensureAdminToken();
    this.plane =
        new ControlPlane(store, catalog, setup, options.tuning(), System::currentTimeMillis);
    this.loop = new SchedulingLoop(plane);
    LogStore logs = new LogStore(options.dataDirectory().resolve("logs"));
    HttpApi api = new HttpApi(plane, store, tokens, logs, version);
    this.http = api.create();
    loop.start();
    http.start(options.bind(), options.port());
    this.historySampler = historySampler(api, options.tuning().historySampleMillis());
    plane.acceptingRequests();
    LOG.log(
        Level.INFO,
        "server listening on {0}:{1,number,#} with database {2}",
        options.bind(),
        http.port(),
        database.description());
  }

  /** Samples the cluster for the dashboard's charts, now and periodically. */
  private static ScheduledExecutorService historySampler(HttpApi api, long everyMillis) {
    ScheduledExecutorService sampler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "wanka-history");
              thread.setDaemon(true);
              return thread;
            });
    sampler.scheduleAtFixedRate(
        () -> {
          try {
            api.sampleHistory();
          } catch (RuntimeException e) {
            // at most one line per sample
            LOG.log(Level.WARNING, "the cluster could not be sampled for its history", e);
          }
        },
        0,
        everyMillis,
        TimeUnit.MILLISECONDS);
    return sampler;
  }

  /** Starts a server; returns once it accepts requests. */
  public static WankaServer start(ServerOptions options, String version) {
    return new WankaServer(options, version);
  }

  public int port() {
    return http.port();
  }

  public Path adminTokenFile() {
    return adminTokenFile;
  }

  /** The admin token, from its file. */
  public String adminToken() {
    return read(adminTokenFile).trim();
  }

  /** A token for a local agent of {@code wanka up}: created once per node and kept in a file. */
  public String agentToken(String node, Path file) {
    if (Files.exists(file)) {
      return read(file).trim();
    }
    TokenView token =
        tokens.create("agent " + node, Role.AGENT, "", node, System.currentTimeMillis());
    writeSecret(file, token.secret());
    return token.secret();
  }

  private void ensureAdminToken() {
    if (Files.exists(adminTokenFile)
        && tokens.authenticate(read(adminTokenFile).trim()).isPresent()) {
      return;
    }
    TokenView admin = tokens.create("admin", Role.ADMIN, "", "", System.currentTimeMillis());
    writeSecret(adminTokenFile, admin.secret());
    LOG.log(Level.INFO, "admin token written to {0}", adminTokenFile);
  }

  private static void writeSecret(Path file, String secret) {
    try {
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, secret + "\n");
    } catch (UnsupportedOperationException e) {
      try {
        Files.writeString(file, secret + "\n");
      } catch (IOException io) {
        throw new UncheckedIOException("cannot write " + file, io);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void createDirectory(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("--data-dir: cannot create " + directory, e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static String env(String name) {
    return Optional.ofNullable(System.getenv(name)).orElse("");
  }

  @Override
  public void close() {
    historySampler.shutdownNow();
    http.stop();
    loop.close();
    database.close();
  }
}
