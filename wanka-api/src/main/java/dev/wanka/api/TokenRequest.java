package dev.wanka.api;

/**
 * Asks for a new token.
 *
 * @param tenant required for USER, empty otherwise
 * @param node required for AGENT: the one node the token may report for; empty otherwise
 */
public record TokenRequest(String name, Role role, String tenant, String node) {}
