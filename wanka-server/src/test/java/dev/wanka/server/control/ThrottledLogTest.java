package dev.wanka.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThrottledLogTest {
  @Test
  void aRecurringFailureIsLoggedOncePerIntervalWithTheCountLeftOut() {
    AtomicLong clock = new AtomicLong(1_000);
    List<String> lines = new ArrayList<>();
    ThrottledLog log = new ThrottledLog(10_000, clock::get, (message, cause) -> lines.add(message));
    RuntimeException cause = new RuntimeException("database down");

    log.failed("report of n1 not applied", cause);
    clock.addAndGet(4_000);
    log.failed("report of n2 not applied", cause);
    log.failed("report of n3 not applied", cause);
    clock.addAndGet(6_000);
    log.failed("report of n4 not applied", cause);
    clock.addAndGet(10_000);
    log.failed("report of n5 not applied", cause);

    assertThat(lines)
        .containsExactly(
            "report of n1 not applied",
            "report of n4 not applied (and 2 more like it since the last one)",
            "report of n5 not applied");
  }
}
