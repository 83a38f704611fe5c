package dev.wanka.cli;

import dev.wanka.sim.scenario.ScenarioProgress;
import dev.wanka.sim.scenario.ScenarioResult;
import dev.wanka.spec.Keyword;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * How far {@code wanka simulate} has got, on stderr (stdout carries the results): on a terminal a
 * one-line bar redrawn in place — runs done of all runs, the current run's virtual time and jobs
 * completed, wall time elapsed; otherwise one line every {@link #LINE_INTERVAL_NANOS} and one per
 * finished run. Wall time comes from the clock passed in, so the text is a pure function of the
 * events and the clock.
 */
final class SimulateProgress implements ScenarioProgress {
  /** How progress is shown. */
  enum Mode implements Keyword {
    BAR("bar"),
    LINES("lines"),
    NONE("none");

    private final String keyword;

    Mode(String keyword) {
      this.keyword = keyword;
    }

    @Override
    public String keyword() {
      return keyword;
    }
  }

  /**
   * Where a scenario's runs are: {@code runsDone} of {@code runs} ended; the current run (the one
   * that just ended, when {@code runEnded}) at virtual time {@code virtualSeconds} with {@code
   * completedJobs} of its {@code jobs} completed.
   */
  record Status(
      int runsDone,
      int runs,
      String policy,
      long seed,
      long virtualSeconds,
      int completedJobs,
      int jobs,
      boolean runEnded,
      long elapsedNanos) {
    Status at(long seconds, int completed, long elapsed) {
      return new Status(runsDone, runs, policy, seed, seconds, completed, jobs, runEnded, elapsed);
    }

    Status ended(long seconds, int completed, long elapsed) {
      return new Status(runsDone + 1, runs, policy, seed, seconds, completed, jobs, true, elapsed);
    }

    /** Runs done, the current one counted by its share of jobs completed, over all runs. */
    double fraction() {
      double current = runEnded || jobs == 0 ? 0 : (double) completedJobs / jobs;
      return runs == 0 ? 1 : Math.min(1, (runsDone + current) / runs);
    }
  }

  static final long BAR_REDRAW_NANOS = 200_000_000L;
  static final long LINE_INTERVAL_NANOS = 10_000_000_000L;
  static final int BAR_WIDTH = 20;

  private final Mode mode;
  private final PrintWriter err;
  private final LongSupplier nanoClock;
  private final long startNanos;
  private long lastShownNanos;
  private int lastBarLength;
  private Status status;

  SimulateProgress(Mode mode, PrintWriter err, LongSupplier nanoClock) {
    this.mode = mode;
    this.err = err;
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
    this.lastShownNanos = startNanos;
  }

  /** A bar when both the console and stderr are terminals, else lines. */
  static Mode auto() {
    return System.console() != null && stderrIsTerminal() ? Mode.BAR : Mode.LINES;
  }

  /**
   * Whether stderr is a terminal: on Linux, whether file descriptor 2 is a tty or pty; where there
   * is no /proc to ask, the console check stands alone.
   */
  private static boolean stderrIsTerminal() {
    Path fd = Path.of("/proc/self/fd/2");
    if (!Files.exists(fd)) {
      return true;
    }
    try {
      String target = Files.readSymbolicLink(fd).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  @Override
  public void runStarting(String policy, long seed, int run, int runs, int jobs) {
    status = new Status(run, runs, policy, seed, 0, 0, jobs, false, elapsed());
    if (mode == Mode.BAR) {
      draw();
    }
  }

  @Override
  public void inRun(long nowSeconds, int completedJobs, int jobs) {
    long now = nanoClock.getAsLong();
    status = status.at(nowSeconds, completedJobs, now - startNanos);
    if (mode == Mode.BAR && now - lastShownNanos >= BAR_REDRAW_NANOS) {
      draw();
    } else if (mode == Mode.LINES && now - lastShownNanos >= LINE_INTERVAL_NANOS) {
      err.println(line(status));
      err.flush();
      lastShownNanos = now;
    }
  }

  @Override
  public void runEnded(ScenarioResult.PolicyRun run) {
    status = status.ended(run.result().endSeconds(), (int) run.result().completed(), elapsed());
    if (mode == Mode.BAR) {
      draw();
      if (status.runsDone() == status.runs()) {
        err.println();
        err.flush();
      }
    } else if (mode == Mode.LINES) {
      err.println(ended(status));
      err.flush();
      lastShownNanos = nanoClock.getAsLong();
    }
  }

  private long elapsed() {
    return nanoClock.getAsLong() - startNanos;
  }

  private void draw() {
    String text = bar(status, BAR_WIDTH);
    err.print("\r" + text + " ".repeat(Math.max(0, lastBarLength - text.length())));
    err.flush();
    lastBarLength = text.length();
    lastShownNanos = nanoClock.getAsLong();
  }

  /**
   * The bar: {@code [#####---------------] 1/4 runs fifo seed 2 t=1d 02:03:04 1,234/5,000 jobs
   * 0:42}.
   */
  static String bar(Status s, int width) {
    int filled = (int) Math.floor(s.fraction() * width);
    return String.format(
        Locale.ROOT,
        "[%s%s] %,d/%,d runs  %s seed %d  t=%s  %,d/%,d jobs  %s",
        "#".repeat(filled),
        "-".repeat(width - filled),
        s.runsDone(),
        s.runs(),
        s.policy(),
        s.seed(),
        virtual(s.virtualSeconds()),
        s.completedJobs(),
        s.jobs(),
        wall(s.elapsedNanos()));
  }

  /** The periodic line within a run. */
  static String line(Status s) {
    return describe(s, s.runsDone() + 1);
  }

  /** The line for a run that ended. */
  static String ended(Status s) {
    return "ran " + describe(s, s.runsDone());
  }

  private static String describe(Status s, int runNumber) {
    return String.format(
        Locale.ROOT,
        "%s seed %d (run %,d/%,d): %,d/%,d jobs completed, t=%s; %s elapsed",
        s.policy(),
        s.seed(),
        runNumber,
        s.runs(),
        s.completedJobs(),
        s.jobs(),
        virtual(s.virtualSeconds()),
        wall(s.elapsedNanos()));
  }

  /** Virtual time as {@code 3d 04:05:06}, days only when there are some. */
  static String virtual(long seconds) {
    long days = seconds / 86_400;
    String clock =
        String.format(
            Locale.ROOT, "%02d:%02d:%02d", seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
    return days > 0 ? days + "d " + clock : clock;
  }

  /** Wall time as {@code m:ss}, or {@code h:mm:ss} from an hour. */
  static String wall(long nanos) {
    long seconds = nanos / 1_000_000_000L;
    return seconds >= 3600
        ? String.format(
            Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }
}
