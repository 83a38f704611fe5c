package dev.wanka.sim.engine;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * The twin's future events, earliest first: ordered by time, then by the order they were scheduled
 * (a sequence number), so that events at the same instant happen in a reproducible order. An event
 * is a kind (an int the driver defines) and a payload (a long: a workload id, a node index...). A
 * binary heap over parallel primitive arrays: scheduling and taking an event allocate nothing once
 * the arrays have grown to the largest number of events pending at once, and cost O(log n). Not
 * thread-safe.
 */
public final class EventQueue {
  private static final int INITIAL_CAPACITY = 64;

  private long[] times = new long[INITIAL_CAPACITY];
  private long[] sequences = new long[INITIAL_CAPACITY];
  private int[] kinds = new int[INITIAL_CAPACITY];
  private long[] payloads = new long[INITIAL_CAPACITY];
  private int size;
  private long nextSequence;

  private long takenTime;
  private int takenKind;
  private long takenPayload;

  /**
   * Schedules an event.
   *
   * @param time when it happens, in the driver's unit (seconds of virtual time); 0 or more
   * @throws IllegalArgumentException if {@code time} is negative
   */
  public void schedule(long time, int kind, long payload) {
    if (time < 0) {
      throw new IllegalArgumentException("time: " + time + " is not allowed: must be >= 0");
    }
    if (size == times.length) {
      grow();
    }
    int hole = size++;
    long sequence = nextSequence++;
    while (hole > 0) {
      int parent = (hole - 1) >>> 1;
      if (!before(time, sequence, times[parent], sequences[parent])) {
        break;
      }
      move(parent, hole);
      hole = parent;
    }
    set(hole, time, sequence, kind, payload);
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public int size() {
    return size;
  }

  /**
   * The time of the earliest event.
   *
   * @throws NoSuchElementException if the queue is empty
   */
  public long peekTime() {
    requireNotEmpty();
    return times[0];
  }

  /**
   * Removes the earliest event; read it with {@link #takenTime()}, {@link #takenKind()} and {@link
   * #takenPayload()} until the next call.
   *
   * @throws NoSuchElementException if the queue is empty
   */
  public void take() {
    requireNotEmpty();
    takenTime = times[0];
    takenKind = kinds[0];
    takenPayload = payloads[0];
    size--;
    if (size == 0) {
      return;
    }
    long time = times[size];
    long sequence = sequences[size];
    int kind = kinds[size];
    long payload = payloads[size];
    int hole = 0;
    while (true) {
      int child = 2 * hole + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size
          && before(times[child + 1], sequences[child + 1], times[child], sequences[child])) {
        child++;
      }
      if (!before(times[child], sequences[child], time, sequence)) {
        break;
      }
      move(child, hole);
      hole = child;
    }
    set(hole, time, sequence, kind, payload);
  }

  public long takenTime() {
    return takenTime;
  }

  public int takenKind() {
    return takenKind;
  }

  public long takenPayload() {
    return takenPayload;
  }

  private static boolean before(long time, long sequence, long otherTime, long otherSequence) {
    return time < otherTime || time == otherTime && sequence < otherSequence;
  }

  private void move(int from, int to) {
    set(to, times[from], sequences[from], kinds[from], payloads[from]);
  }

  private void set(int at, long time, long sequence, int kind, long payload) {
    times[at] = time;
    sequences[at] = sequence;
    kinds[at] = kind;
    payloads[at] = payload;
  }

  private void grow() {
    int capacity = times.length * 2;
    times = Arrays.copyOf(times, capacity);
    sequences = Arrays.copyOf(sequences, capacity);
    kinds = Arrays.copyOf(kinds, capacity);
    payloads = Arrays.copyOf(payloads, capacity);
  }

  private void requireNotEmpty() {
    if (size == 0) {
      throw new NoSuchElementException("no event is scheduled");
    }
  }
}
