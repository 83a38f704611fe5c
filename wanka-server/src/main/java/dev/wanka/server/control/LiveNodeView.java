package dev.wanka.server.control;

import dev.wanka.api.DeviceStatus;
import dev.wanka.server.store.NodeRow;
import java.util.List;

/** A node's row and heartbeat state, copied for a view. */
public record LiveNodeView(
    NodeRow row, boolean ready, long lastHeartbeatMillis, List<DeviceStatus> telemetry) {}
