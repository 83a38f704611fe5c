package dev.wanka.server;

import dev.wanka.server.control.ServerTuning;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How to run a server.
 *
 * @param db a PostgreSQL or H2 JDBC URL, or an H2 file path; empty for {@code <dataDir>/wanka}
 * @param dataDirectory where the H2 file (by default), task logs and the admin token live
 * @param schedulerConfig an operator's queues and priority classes (docs/workloads.md); empty for
 *     one open queue per tenant
 */
public record ServerOptions(
    String bind,
    int port,
    Path dataDirectory,
    Optional<String> db,
    Optional<Path> schedulerConfig,
    ServerTuning tuning) {}
