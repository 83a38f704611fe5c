package dev.wanka.server.control;

import dev.wanka.api.DeviceStatus;
import dev.wanka.server.store.NodeRow;
import java.util.List;
import java.util.Set;

/**
 * A node's row and heartbeat state, copied for a view.
 *
 * @param reserved the node's devices (local indexes) the last scheduling cycle reserved for a gang
 *     that waits for more (EASY backfill): only work that ends before that gang starts may use them
 */
public record LiveNodeView(
    NodeRow row,
    boolean ready,
    long lastHeartbeatMillis,
    List<DeviceStatus> telemetry,
    Set<Integer> reserved) {}
