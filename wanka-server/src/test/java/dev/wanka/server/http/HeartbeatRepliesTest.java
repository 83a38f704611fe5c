package dev.wanka.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.api.HeartbeatResponse;
import dev.wanka.api.TaskAssignment;
import dev.wanka.api.WireJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeartbeatRepliesTest {
  private final HeartbeatReplies replies = new HeartbeatReplies();
  private final List<TaskAssignment> tasks =
      List.of(
          new TaskAssignment(
              "j1-a1-n0", 1, 1, List.of("true"), Map.of("A", "b"), "", List.of(0, 1), false, 30));

  @Test
  void writesAReplyAgainOnlyWhenTheNodesTaskListChanges() {
    byte[] first = replies.json("node-a", new HeartbeatResponse(true, tasks));

    assertThat(replies.json("node-a", new HeartbeatResponse(true, tasks))).isSameAs(first);
    assertThat(text(first)).isEqualTo(WireJson.write(new HeartbeatResponse(true, tasks)));

    List<TaskAssignment> changed = List.copyOf(tasks.subList(0, 0));
    assertThat(text(replies.json("node-a", new HeartbeatResponse(true, changed))))
        .isEqualTo(WireJson.write(new HeartbeatResponse(true, List.of())));
    assertThat(text(replies.json("node-a", new HeartbeatResponse(false, changed))))
        .contains("\"registered\":false");
  }

  @Test
  void keepsEachNodesReplyApart() {
    replies.json("node-a", new HeartbeatResponse(true, tasks));

    assertThat(text(replies.json("node-b", new HeartbeatResponse(true, List.of()))))
        .doesNotContain("j1-a1-n0");
  }

  private static String text(byte[] json) {
    return new String(json, StandardCharsets.UTF_8);
  }
}
