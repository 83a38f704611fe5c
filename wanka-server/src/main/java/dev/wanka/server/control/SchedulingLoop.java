package dev.wanka.server.control;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The thread that runs scheduling cycles: soon after an event (a submission, a task exit, a node
 * joining), and at least every {@code cycleMillis} (to notice lost heartbeats and let time-based
 * decisions happen).
 */
public final class SchedulingLoop implements AutoCloseable {
  private static final Logger LOG = System.getLogger(SchedulingLoop.class.getName());

  /** How often the thread looks for events between periodic cycles. */
  private static final long POLL_MILLIS = 20;

  private final ControlPlane plane;
  private final Thread thread;
  private volatile boolean running = true;

  public SchedulingLoop(ControlPlane plane) {
    this.plane = plane;
    this.thread = new Thread(this::run, "wanka-scheduler");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  private void run() {
    long lastCycle = 0;
    while (running) {
      long now = System.nanoTime();
      if (plane.wantsCycle() || (now - lastCycle) / 1_000_000 >= plane.tuning().cycleMillis()) {
        lastCycle = now;
        try {
          plane.cycle();
        } catch (RuntimeException e) {
          LOG.log(Level.ERROR, "a scheduling cycle failed; the next one retries", e);
        }
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
