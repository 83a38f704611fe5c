package dev.wanka.api;

import java.util.List;

/**
 * An agent announcing its node. Registering again (after a restart) is allowed and replaces the
 * device list; tasks the server still expects on the node come back in the next heartbeat's reply.
 *
 * @param node the node's name, which the agent's token must be bound to
 * @param address the host other nodes reach this one at (MASTER_ADDR of gangs whose rank 0 is here)
 * @param accelerator the catalog id of the node's devices (one type per node)
 * @param devices the devices found, by index
 * @param agentVersion the agent's build, for operators
 */
public record RegisterRequest(
    String node,
    String address,
    String accelerator,
    List<DeviceInfo> devices,
    String agentVersion) {
  public RegisterRequest {
    devices = List.copyOf(devices);
  }
}
