package dev.wanka.api;

/**
 * A token as listed: never its secret, which the server does not keep.
 *
 * @param secret the bearer token itself, only in the reply that created it; empty otherwise
 */
public record TokenView(
    long id,
    String name,
    Role role,
    String tenant,
    String node,
    long createdAtMillis,
    boolean revoked,
    String secret) {}
