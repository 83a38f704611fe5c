package dev.wanka.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The server's database: H2 in a file (the embedded default) or PostgreSQL, migrated with Flyway at
 * start-up (the same migrations serve both) and reached through a small connection pool.
 */
public final class Database implements AutoCloseable {
  /**
   * H2 speaking PostgreSQL's dialect, so one set of migrations serves both; WRITE_DELAY=0 makes a
   * commit durable before it returns, so a server killed with SIGKILL loses no accepted job.
   */
  static final String H2_SETTINGS =
      ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final String description;

  private Database(String url, String user, String password, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    if (!user.isEmpty()) {
      config.setUsername(user);
      config.setPassword(password);
    }
    config.setMaximumPoolSize(poolSize);
    config.setPoolName("wanka-db");
    this.dataSource = new HikariDataSource(config);
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    this.jdbi = Jdbi.create(dataSource);
    this.description = describe(url);
  }

  /**
   * Opens (creating and migrating as needed) the database {@code target} names: a PostgreSQL or H2
   * JDBC URL, or the path of an H2 database file (without its {@code .mv.db} suffix).
   *
   * @param user and {@code password} for PostgreSQL; empty to take them from the URL
   */
  public static Database open(String target, String user, String password) {
    return new Database(jdbcUrl(target), user, password, 8);
  }

  /** The H2 database file under a data directory. */
  public static Database openIn(Path dataDirectory) {
    return open(dataDirectory.resolve("wanka").toAbsolutePath().toString(), "", "");
  }

  /**
   * The JDBC URL for a {@code --db} value.
   *
   * @throws IllegalArgumentException naming the flag when it is a JDBC URL of another database
   */
  static String jdbcUrl(String target) {
    if (target.startsWith("jdbc:postgresql:")) {
      return target;
    }
    if (target.startsWith("jdbc:h2:")) {
      return target.contains("MODE=") ? target : target + H2_SETTINGS;
    }
    if (target.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "--db: '"
              + target.substring(0, target.indexOf(':', 5) + 1)
              + "...' is not supported; allowed: a jdbc:postgresql: URL, a jdbc:h2: URL, or the"
              + " path of an H2 database file");
    }
    return "jdbc:h2:file:" + Path.of(target).toAbsolutePath() + H2_SETTINGS;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /** The database for logs: its kind and where, never a password. */
  public String description() {
    return description;
  }

  private static String describe(String url) {
    int settings = url.indexOf(';');
    String base = settings < 0 ? url : url.substring(0, settings);
    int query = base.indexOf('?');
    return query < 0 ? base : base.substring(0, query);
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
