package dev.wanka.api;

/**
 * The server's answer to a registration.
 *
 * @param node the node's name as the server stores it
 * @param heartbeatIntervalMillis how often the agent must send a heartbeat
 * @param heartbeatTimeoutMillis after how long without one the node is marked NotReady
 */
public record RegisterResponse(
    String node, long heartbeatIntervalMillis, long heartbeatTimeoutMillis) {}
