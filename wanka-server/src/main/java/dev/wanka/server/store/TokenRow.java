package dev.wanka.server.store;

import dev.wanka.api.Role;

/**
 * A token as stored: the SHA-256 of its secret, never the secret.
 *
 * @param tenant the tenant a USER token acts for; empty for other roles
 * @param node the node an AGENT token reports for; empty for other roles
 */
public record TokenRow(
    long id,
    String name,
    Role role,
    String tenant,
    String node,
    String hash,
    long createdAtMillis,
    boolean revoked) {}
