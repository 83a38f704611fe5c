package dev.wanka.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Where a JFR recording's CPU samples ({@code jdk.ExecutionSample}) went, within a time window: by
 * thread, by the library of the innermost frame (Wanka's packages, H2, JDBI, Jackson, Javalin,
 * Jetty, ...), by Wanka method (inclusive), and by chain of Wanka methods. Record the server with
 * {@code ControlPlaneLoad --server-java-option=-XX:StartFlightRecording=filename=server.jfr,...}
 * and pass the window the load generator printed:
 *
 * <pre>
 * java -cp wanka-bench/target/benchmarks.jar dev.wanka.bench.JfrHotspots server.jfr \
 *     --from 2026-12-01T01:25:42Z --to 2026-12-01T01:28:12Z
 * </pre>
 *
 * <p>Use {@code -XX:FlightRecorderOptions=stackdepth=512} on the server: Jetty's stacks are deeper
 * than JFR's default of 64 frames, which cuts off the Wanka frames at their roots.
 */
@Command(
    name = "JfrHotspots",
    mixinStandardHelpOptions = true,
    description = "Sum up a JFR recording's execution samples within a window.")
public final class JfrHotspots implements Callable<Integer> {
  private static final String OWN = "dev.wanka.";

  /** Library by package prefix; the first match of the innermost frame names the sample's. */
  private static final String[][] LIBRARIES = {
    {"dev.wanka.sched.", "wanka scheduler core"},
    {"dev.wanka.server.control.", "wanka control plane"},
    {"dev.wanka.server.http.", "wanka HTTP API"},
    {"dev.wanka.server.store.", "wanka store"},
    {"dev.wanka.server.auth.", "wanka auth"},
    {"dev.wanka.", "wanka (other)"},
    {"org.h2.", "H2"},
    {"org.jdbi.", "JDBI"},
    {"com.zaxxer.hikari.", "HikariCP"},
    {"tools.jackson.", "Jackson"},
    {"org.snakeyaml.", "SnakeYAML"},
    {"io.micrometer.", "Micrometer"},
    {"io.javalin.", "Javalin"},
    {"org.eclipse.jetty.", "Jetty"},
    {"jdk.jfr.", "JFR"},
  };

  @Parameters(index = "0", paramLabel = "FILE", description = "The .jfr recording.")
  Path recording;

  @Option(names = "--from", description = "Window start, an ISO instant; default: the start.")
  Instant from = Instant.MIN;

  @Option(names = "--to", description = "Window end, an ISO instant; default: the end.")
  Instant to = Instant.MAX;

  @Option(names = "--top", defaultValue = "30", description = "Rows per table.")
  int top;

  public static void main(String[] args) {
    System.exit(new CommandLine(new JfrHotspots()).execute(args));
  }

  @Override
  public Integer call() {
    Map<String, Integer> threads = new HashMap<>();
    Map<String, Integer> libraries = new HashMap<>();
    Map<String, Integer> methods = new HashMap<>();
    Map<String, Integer> chains = new HashMap<>();
    int samples = 0;
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        if (!event.getEventType().getName().equals("jdk.ExecutionSample")
            || event.getStartTime().isBefore(from)
            || !event.getStartTime().isBefore(to)
            || event.getStackTrace() == null) {
          continue;
        }
        samples++;
        RecordedThread thread = event.getThread("sampledThread");
        threads.merge(
            thread == null ? "?" : thread.getJavaName().replaceAll("[-0-9]+$", ""),
            1,
            Integer::sum);
        List<String> frames = frames(event.getStackTrace());
        String library = library(frames);
        libraries.merge(library, 1, Integer::sum);
        List<String> own = new ArrayList<>();
        Set<String> counted = new HashSet<>();
        for (String frame : frames) {
          if (frame.startsWith(OWN) && !frame.contains("lambda$") && !frame.contains("$$Lambda")) {
            if (counted.add(frame)) {
              methods.merge(frame, 1, Integer::sum);
            }
            if (own.size() < 4) {
              own.add(frame.substring(OWN.length()));
            }
          }
        }
        String chain = own.isEmpty() ? "(no Wanka frame)" : String.join(" < ", own);
        chains.merge(chain + "   [" + library + "]", 1, Integer::sum);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + recording, e);
    }
    PrintStream out = System.out;
    out.printf(Locale.ROOT, "%,d execution samples in the window%n", samples);
    table(out, "by thread", threads, samples);
    table(out, "by the library of the innermost frame", libraries, samples);
    table(out, "by Wanka method (inclusive)", methods, samples);
    table(out, "by chain of Wanka methods (innermost first)", chains, samples);
    return 0;
  }

  private static List<String> frames(RecordedStackTrace stack) {
    List<String> frames = new ArrayList<>();
    for (RecordedFrame frame : stack.getFrames()) {
      frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
    }
    return frames;
  }

  private static String library(List<String> frames) {
    for (String frame : frames) {
      for (String[] library : LIBRARIES) {
        if (frame.startsWith(library[0])) {
          return library[1];
        }
      }
    }
    return frames.isEmpty() ? "?" : "JDK (" + frames.get(0) + ")";
  }

  private void table(PrintStream out, String title, Map<String, Integer> counts, int samples) {
    out.println();
    out.println(title);
    counts.entrySet().stream()
        .sorted((a, b) -> b.getValue() - a.getValue())
        .limit(top)
        .forEach(
            e ->
                out.printf(
                    Locale.ROOT,
                    "  %6d %5.1f%%  %s%n",
                    e.getValue(),
                    100.0 * e.getValue() / Math.max(1, samples),
                    e.getKey()));
  }
}
