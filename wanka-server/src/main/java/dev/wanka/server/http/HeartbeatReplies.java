package dev.wanka.server.http;

import dev.wanka.api.HeartbeatResponse;
import dev.wanka.api.TaskAssignment;
import dev.wanka.api.WireJson;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.ObjectWriter;

/**
 * Each node's last heartbeat reply as JSON, written again only when the node's task list changes.
 * The control plane replaces a node's list when its tasks change and hands out the same list
 * otherwise, so the list's identity tells whether the text is still right; a node asks every second
 * and its tasks change far less often.
 */
final class HeartbeatReplies {
  private static final ObjectWriter WRITER = WireJson.MAPPER.writerFor(HeartbeatResponse.class);

  private final Map<String, Written> byNode = new ConcurrentHashMap<>();

  /** The reply to this node as JSON. */
  byte[] json(String node, HeartbeatResponse reply) {
    Written written = byNode.get(node);
    if (written == null
        || written.tasks != reply.tasks()
        || written.registered != reply.registered()) {
      written = new Written(reply.registered(), reply.tasks(), WRITER.writeValueAsBytes(reply));
      byNode.put(node, written);
    }
    return written.json;
  }

  private record Written(boolean registered, List<TaskAssignment> tasks, byte[] json) {}
}
