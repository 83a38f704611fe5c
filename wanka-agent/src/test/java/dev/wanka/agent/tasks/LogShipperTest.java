package dev.wanka.agent.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wanka.api.ApiException;
import dev.wanka.api.Problem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogShipperTest {
  @TempDir Path dir;

  @Test
  void newBytesArriveOnceAndShippingEndsWhenTheTaskHasEndedAndAllIsSent() throws IOException {
    Path file = dir.resolve("t1.log");
    Files.writeString(file, "hello ");
    ServerLog server = new ServerLog(Integer.MAX_VALUE);
    AtomicBoolean ended = new AtomicBoolean(false);
    LogShipper shipper = new LogShipper(server);
    shipper.track("t1", file, ended::get);

    assertThat(shipper.shipOnce()).isTrue();
    Files.writeString(file, "world", StandardOpenOption.APPEND);
    ended.set(true);
    shipper.shipOnce();

    assertThat(server.text()).isEqualTo("hello world");
    assertThat(shipper.isShipping("t1")).isFalse();
  }

  @Test
  void whatTheServerDidNotKeepIsSentAgainFromItsOffset() throws IOException {
    Path file = dir.resolve("t1.log");
    Files.writeString(file, "0123456789");
    ServerLog server = new ServerLog(4); // keeps at most 4 bytes per request
    LogShipper shipper = new LogShipper(server);
    shipper.track("t1", file, () -> true);

    shipper.shipOnce();

    assertThat(server.text()).isEqualTo("0123456789");
    assertThat(server.offsets).containsExactly(0L, 4L, 8L);
  }

  @Test
  void anUnreachableServerKeepsEverythingForTheNextPass() throws IOException {
    Path file = dir.resolve("t1.log");
    Files.writeString(file, "abc");
    ServerLog server = new ServerLog(Integer.MAX_VALUE);
    server.down = true;
    LogShipper shipper = new LogShipper(server);
    shipper.track("t1", file, () -> true);

    assertThat(shipper.shipOnce()).isFalse();
    assertThat(shipper.isShipping("t1")).isTrue();

    server.down = false;
    assertThat(shipper.shipOnce()).isTrue();
    assertThat(server.text()).isEqualTo("abc");
    assertThat(shipper.isShipping("t1")).isFalse();
  }

  /** A server's copy of one log: appends at an offset, keeps what it already has. */
  private static final class ServerLog implements LogShipper.Sink {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<Long> offsets = new java.util.ArrayList<>();
    final int keepPerRequest;
    boolean down;

    ServerLog(int keepPerRequest) {
      this.keepPerRequest = keepPerRequest;
    }

    @Override
    public long append(String taskId, long offset, byte[] chunk) {
      if (down) {
        throw new ApiException(
            new Problem("about:blank", "Server unreachable", 0, "down", List.of()));
      }
      offsets.add(offset);
      int skip = (int) (bytes.size() - offset);
      int take = Math.min(chunk.length - skip, keepPerRequest);
      if (skip >= 0 && take > 0) {
        bytes.write(chunk, skip, take);
      }
      return bytes.size();
    }

    String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
