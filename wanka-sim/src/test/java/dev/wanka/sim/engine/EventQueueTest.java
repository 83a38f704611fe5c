package dev.wanka.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class EventQueueTest {
  private record Event(long time, long sequence, int kind, long payload) {}

  private static List<Event> drain(EventQueue queue) {
    List<Event> taken = new ArrayList<>();
    while (!queue.isEmpty()) {
      queue.take();
      taken.add(new Event(queue.takenTime(), -1, queue.takenKind(), queue.takenPayload()));
    }
    return taken;
  }

  @Test
  void eventsComeOutByTimeAndThoseAtTheSameTimeInTheOrderTheyWereScheduled() {
    EventQueue queue = new EventQueue();
    queue.schedule(30, 1, 100);
    queue.schedule(10, 2, 200);
    queue.schedule(30, 3, 300);
    queue.schedule(10, 4, 400);
    queue.schedule(0, 5, 500);
    assertThat(queue.size()).isEqualTo(5);
    assertThat(queue.peekTime()).isZero();
    assertThat(drain(queue)).extracting(Event::kind).containsExactly(5, 2, 4, 1, 3);
  }

  @Test
  void theTakenEventIsReadableUntilTheNextTake() {
    EventQueue queue = new EventQueue();
    queue.schedule(7, 42, Long.MAX_VALUE);
    queue.take();
    assertThat(queue.takenTime()).isEqualTo(7);
    assertThat(queue.takenKind()).isEqualTo(42);
    assertThat(queue.takenPayload()).isEqualTo(Long.MAX_VALUE);
    assertThat(queue.isEmpty()).isTrue();
  }

  @Test
  void badCallsSayWhatIsWrong() {
    EventQueue queue = new EventQueue();
    assertThatThrownBy(() -> queue.schedule(-1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("time: -1 is not allowed: must be >= 0");
    assertThatThrownBy(queue::take)
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("no event is scheduled");
    assertThatThrownBy(queue::peekTime).isInstanceOf(NoSuchElementException.class);
  }

  /**
   * Against a reference (java.util.PriorityQueue of records by time then sequence): any mix of
   * scheduling and taking, including growth past the initial capacity, gives the same events in the
   * same order.
   */
  @Property(tries = 300, seed = "20261130")
  void anyInterleavingTakesEventsInTheReferenceOrder(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    EventQueue queue = new EventQueue();
    PriorityQueue<Event> reference =
        new PriorityQueue<>(
            Comparator.comparingLong(Event::time).thenComparingLong(Event::sequence));
    long sequence = 0;
    int operations = random.nextInt(1, 2000);
    for (int i = 0; i < operations; i++) {
      if (reference.isEmpty() || random.nextInt(3) > 0) {
        long time = random.nextLong(0, 50);
        int kind = random.nextInt(1000);
        long payload = random.nextLong();
        queue.schedule(time, kind, payload);
        reference.add(new Event(time, sequence++, kind, payload));
      } else {
        Event expected = reference.poll();
        queue.take();
        assertThat(queue.takenTime()).isEqualTo(expected.time());
        assertThat(queue.takenKind()).isEqualTo(expected.kind());
        assertThat(queue.takenPayload()).isEqualTo(expected.payload());
      }
      assertThat(queue.size()).isEqualTo(reference.size());
    }
  }
}
