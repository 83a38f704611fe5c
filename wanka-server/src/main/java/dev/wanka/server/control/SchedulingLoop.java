package dev.wanka.server.control;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;

/**
 * The thread that runs scheduling cycles: soon after an event (a submission, a task exit, a node
 * joining), and at least every {@code cycleMillis} (to notice lost heartbeats and let time-based
 * decisions happen). Under load, events wait a little longer ({@link #restMillis}), so that the
 * cycles that follow each other start more at once and commit less often.
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
    // long ago: nanoTime's origin is arbitrary, and may make 0 lie in the future
    long lastStart = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
    long lastTookMillis = 0;
    while (running) {
      long now = System.nanoTime();
      long sinceLastMillis = (now - lastStart) / 1_000_000;
      if (sinceLastMillis >= plane.tuning().cycleMillis()
          || (plane.wantsCycle() && sinceLastMillis >= restMillis(lastTookMillis))) {
        lastStart = now;
        try {
          plane.cycle();
        } catch (RuntimeException e) {
          LOG.log(Level.ERROR, "a scheduling cycle failed; the next one retries", e);
        }
        lastTookMillis = (System.nanoTime() - now) / 1_000_000;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * How long after a cycle's start an event may start the next: ten times the last cycle's
   * duration, so that cycles an event starts take at most a tenth of the time however busy the
   * server is (each commits once, whatever it starts). A cycle of a millisecond or two leaves
   * events to the poll; one of a tenth of the period or more leaves them to the period.
   */
  private static long restMillis(long lastTookMillis) {
    return 10 * lastTookMillis;
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
